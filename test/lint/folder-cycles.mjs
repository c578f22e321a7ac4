#!/usr/bin/env node
// Rule no-folder-cycles (part of `npm run lint`): no folder of src/ or bots/ imports a folder that imports it back.
//
// dependency-cruiser's own folder rules (scope: "folder") count every module in its parent folders too, so the
// top-level files of src/ (log.ts, compose.ts, ...) make one node "src" that both imports bots/web (compose.ts)
// and is imported by everything that logs (log.ts): that reports cycles that no file takes part in. Here a folder
// holds only the files directly in it, and each top-level file of src/ is a node of its own.
//
// Usage: node test/lint/folder-cycles.mjs [paths to cruise, default: src bots db]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const paths = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'bots', 'db'];
const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

const run = spawnSync(
  process.execPath,
  [bin, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--no-progress'],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  },
);
let cruised;
try {
  cruised = JSON.parse(run.stdout);
} catch {
  process.stderr.write(run.stderr || run.stdout || 'depcruise printed nothing\n');
  process.exit(2);
}

const watched = /^(src|bots|db)\//;
// Folders are found from the imports themselves: a new one (src/mediation, src/deliberation, src/notices, beside
// src/requests) needs no entry here.
/**
 * The node a module belongs to: its folder, except that each top-level file of src/ stands alone, and that the
 * files of a folder of src/ are split by role, read from their suffix: its pure ones (*.commands.ts, *.errors.ts,
 * *.texts.ts: a feature's commands, error codes and sentences, which the domain and the texts use) and its edges
 * (*.routes.ts, *.feature.ts: the HTTP routes and the feature object, which use everything) are nodes of their
 * own. A feature folder then holds every layer of its feature without the folder itself making a cycle.
 */
const nodeOf = (path) => {
  if (/^src\/[^/]+$/.test(path)) return path;
  if (!path.startsWith('src/')) return dirname(path);
  if (/\.(commands|errors|texts)\.ts$/.test(path)) return `${dirname(path)} (pure)`;
  if (/\.(routes|feature)\.ts$/.test(path)) return `${dirname(path)} (edge)`;
  return dirname(path);
};

/** folder → (folder → one import that makes the edge, "from → to") */
const edges = new Map();
for (const mod of cruised.modules) {
  if (!watched.test(mod.source)) continue;
  const from = nodeOf(mod.source);
  for (const dep of mod.dependencies) {
    if (dep.coreModule || dep.couldNotResolve || !watched.test(dep.resolved)) continue;
    const to = nodeOf(dep.resolved);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const out = edges.get(from);
    if (!out.has(to)) out.set(to, `${mod.source} → ${dep.resolved}`);
  }
}

// Strongly connected components (Tarjan): every component with more than one node holds at least one cycle.
const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
let counter = 0;
function connect(v) {
  index.set(v, counter);
  low.set(v, counter);
  counter++;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const v of nodes) if (!index.has(v)) connect(v);

/** The shortest cycle through `start` inside its component (breadth first). */
function shortestCycle(start, inside) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (previous.get(path[0]) !== null) path.unshift(previous.get(path[0]));
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return null;
}

let cycles = 0;
for (const component of components) {
  const inside = new Set(component);
  const seen = new Set();
  for (const start of component) {
    const cycle = shortestCycle(start, inside);
    if (!cycle) continue;
    // The same cycle found from another of its folders: print it once.
    const ring = cycle.slice(0, -1);
    const first = ring.indexOf([...ring].sort()[0]);
    const key = [...ring.slice(first), ...ring.slice(0, first)].join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    cycles++;
    console.log(`  error no-folder-cycles: ${cycle.join(' → ')}`);
    for (let i = 0; i + 1 < cycle.length; i++) console.log(`      ${edges.get(cycle[i]).get(cycle[i + 1])}`);
  }
}

if (cycles > 0) {
  console.log(
    `\nx ${cycles} folder cycle${cycles === 1 ? '' : 's'} (rule no-folder-cycles): a folder of src/ or bots/ imports a folder that imports it back.` +
      '\n  Move the shared piece down a layer. Each line under a cycle is one import that makes that step.',
  );
  process.exit(1);
}
console.log(`✔ no-folder-cycles: no folder cycles (${nodes.length} folders and top-level files of src/, bots/, db/).`);
