/**
 * Summarises V8 .cpuprofile files written by `--cpu-prof` (bench.ts --cpu-prof DIR): self time by
 * package/file and the hottest functions, so a bottleneck can be named without a GUI.
 *   npx tsx test/bench/profile.ts DIR [top]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function area(url: string): string {
  if (!url) return '(native/vm)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/(src|bots|db)\/(.+)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url.replace(/^file:\/\//, '');
}

export function summariseProfile(p: CpuProfile, top = 25): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const a = area(f.url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const fn = `${f.functionName || '(anonymous)'}  ${a}:${f.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(
        ([k, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
      )
      .join('\n');
  return [
    `total sampled ${(total / 1e6).toFixed(1)} s`,
    '-- self time by package/file --',
    fmt(byArea),
    '-- hottest functions (self) --',
    fmt(byFn),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: profile.ts DIR [top]');
    process.exit(2);
  }
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    console.log(`\n# ${f}`);
    console.log(
      summariseProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25)),
    );
  }
}
