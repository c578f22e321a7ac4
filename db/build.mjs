// `npm run build` (and `npm start`, before it starts): transpiles src, bots and db into dist/ (the same tree),
// one file each with esbuild (tsx's own transpiler), and copies beside them the files they read at run time
// (migrations, models, desk and web-chat assets, prompts). Measured on PostgreSQL, idle: the service started
// from dist holds 174–178 MB resident against 266–269 MB under tsx, which keeps every transpiled module and its
// source map in memory (test/bench/README.md, "Hot path"). Type checking stays with `npm run typecheck`.
// `node db/build.mjs <folder>` builds into another folder inside the repository (bare imports still find its
// node_modules): the test run's global set-up builds one of its own, so its child processes start without tsx.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');

function walk(dir, found = []) {
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) walk(rel, found);
    else found.push(rel);
  }
  return found;
}

const files = ['src', 'bots', 'db'].flatMap((d) => walk(d));
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
await build({
  entryPoints: sources.map((f) => join(root, f)),
  outdir: out,
  outbase: root,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
// Read beside the code (relative to import.meta.url): copied when missing or changed.
const assets = [...files.filter((f) => !f.endsWith('.ts') && !f.endsWith('.mjs')), ...walk('prompts')];
for (const f of assets) {
  const from = join(root, f);
  const to = join(out, f);
  const s = statSync(from);
  let same = false;
  try {
    const t = statSync(to);
    same = t.size === s.size && t.mtimeMs >= s.mtimeMs;
  } catch {
    /* not there yet */
  }
  if (same) continue;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}
