import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Probe } from './db.js';
import { summariseProfile } from './profile.js';

// A helper node holds one inspector session for the whole load: Profiler.start now, Profiler.stop on stdin.
const helper = `
const fs = require('node:fs');
const [url, out] = process.argv.slice(1);
const ws = new WebSocket(url);
let id = 0;
const send = (method, params) => ws.send(JSON.stringify({ id: ++id, method, params }));
ws.onopen = () => { send('Profiler.enable'); send('Profiler.setSamplingInterval', { interval: 500 }); send('Profiler.start'); };
ws.onmessage = (ev) => {
  const msg = JSON.parse(String(ev.data));
  if (msg.id === 3) console.log('started');
  if (msg.result && msg.result.profile) { fs.writeFileSync(out, JSON.stringify(msg.result.profile)); console.log('written'); process.exit(0); }
};
process.stdin.on('data', () => send('Profiler.stop'));
ws.onerror = () => { console.log('error'); process.exit(1); };
`;

/** CPU profile of the service (started with --inspect) over a window of the run, written to `dir`. */
export async function startCpuProfile(
  url: string | null,
  dir: string,
  name: string,
): Promise<() => Promise<string | null>> {
  if (!url) return async () => null;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.cpuprofile`);
  const flags = Number(process.versions.node.split('.')[0]) >= 22 ? [] : ['--experimental-websocket'];
  const child = spawn(process.execPath, [...flags, '-e', helper, url, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  let said = '';
  child.stdout.on('data', (d: Buffer) => {
    said += d.toString();
  });
  await new Promise<void>((resolve) => {
    const t = setInterval(() => {
      if (said.includes('started') || child.exitCode !== null) {
        clearInterval(t);
        resolve();
      }
    }, 20);
  });
  return async () => {
    child.stdin.write('stop\n');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    try {
      return summariseProfile(JSON.parse(readFileSync(file, 'utf8')), 20) + `\n(profile: ${file})`;
    } catch {
      return null;
    }
  };
}

/**
 * Where the database time goes without pg_stat_statements: samples pg_stat_activity of the
 * service's sessions every few ms; the share of samples per statement (and wait event) approximates
 * the share of time the service waits on it.
 */
export function startActivitySampler(probe: Probe, database: string, everyMs = 5): () => Promise<string> {
  const counts = new Map<string, number>();
  let samples = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      samples++;
      const rows = await probe
        .query<{ q: string; w: string | null; st: string }>(
          `select left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as q, coalesce(wait_event, 'CPU') as w, state as st
           from pg_stat_activity where datname = $1 and application_name in ('linli', 'linli-front') and state <> 'idle'`,
          [database],
        )
        .catch(() => []);
      for (const r of rows) {
        const k = `${r.st === 'active' ? r.w : `${r.st} (${r.w})`} | ${r.q}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    stop = true;
    await loop;
    const lines = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([k, n]) => `${String(n).padStart(6)} ${((100 * n) / samples).toFixed(0).padStart(4)}%  ${k}`);
    return [
      `pg_stat_activity: ${samples} samples; per statement: samples in which a session was in it (state/wait | statement)`,
      ...lines,
    ].join('\n');
  };
}
