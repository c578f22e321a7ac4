import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Runs in a helper node (Node 20 has WebSocket only behind --experimental-websocket): full GC, then memoryUsage().
const script = `
const ws = new WebSocket(process.argv[1]);
const send = (id, method, params) => ws.send(JSON.stringify({ id, method, params }));
const timer = setTimeout(() => { console.log('null'); process.exit(0); }, 20000);
ws.onopen = () => send(1, 'HeapProfiler.collectGarbage');
ws.onmessage = (ev) => {
  const msg = JSON.parse(String(ev.data));
  if (msg.id === 1) send(2, 'HeapProfiler.collectGarbage');
  if (msg.id === 2) send(3, 'Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
  if (msg.id === 3) { console.log(msg.result && msg.result.result ? msg.result.result.value : 'null'); clearTimeout(timer); ws.close(); process.exit(0); }
};
ws.onerror = () => { console.log('null'); process.exit(0); };
`;

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Forces two full GCs in the service through its inspector and returns process.memoryUsage(); null when not possible. */
export async function collectGarbage(url: string | null): Promise<MemoryUsage | null> {
  if (!url) return null;
  const flags = Number(process.versions.node.split('.')[0]) >= 22 ? [] : ['--experimental-websocket'];
  try {
    const { stdout } = await run(process.execPath, [...flags, '-e', script, url], { timeout: 30_000 });
    const line = stdout.trim().split('\n').pop() ?? 'null';
    return JSON.parse(line) as MemoryUsage | null;
  } catch {
    return null;
  }
}
