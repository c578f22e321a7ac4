import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { FakeBotApi } from './fake-bot-api.js';
import { readProc } from './service.js';
import { prng, round, summarize, until } from './stats.js';
import { Inbox, TelegramSim, WEBHOOK_PATH } from './telegram-sim.js';

export interface BareBotResult {
  /** Replies delivered to the fake Bot API per second of the measured window. */
  perSec: number | null;
  replies: number;
  seconds: number | null;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  /** CPU of the bare bot's process per reply, ms. */
  cpuMsPerReply: number | null;
  rssMb: number | null;
  skipped?: string;
}

/**
 * The framework's own ceiling: bare-bot.ts (telegraf's webhookCallback on node:http, one ctx.reply per
 * message) in a child process, driven by the same simulated Telegram at the same concurrency. Each
 * worker plays one chat: it posts a message and waits for the reply at the fake API before the next.
 */
export async function runBareBot(o: {
  repoRoot: string;
  concurrency: number;
  seconds: number;
  warmup?: number;
}): Promise<BareBotResult> {
  const fake = await new FakeBotApi(prng(7)).start();
  const secret = `bare_${randomBytes(8).toString('hex')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-bot.ts'], {
    cwd: o.repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      BARE_BOT_TOKEN: fake.token,
      BARE_BOT_API_ROOT: fake.apiRoot,
      BARE_BOT_USERNAME: fake.username,
      BARE_BOT_PATH: WEBHOOK_PATH,
      BARE_BOT_SECRET: secret,
    },
  });
  const output: string[] = [];
  let port = 0;
  child.stdout.on('data', (c: Buffer) => {
    for (const line of c.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      const m = /^\{"port":(\d+)\}$/.exec(line);
      if (m) port = Number(m[1]);
    }
  });
  child.stderr.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const sim = new TelegramSim(() => `http://127.0.0.1:${port}`, secret, Math.max(64, o.concurrency * 2), 5_000_000);
  try {
    if (!(await until(() => port > 0 || child.exitCode !== null, 60_000)) || !port) {
      return {
        perSec: null,
        replies: 0,
        seconds: null,
        ackP50Ms: null,
        ackP99Ms: null,
        cpuMsPerReply: null,
        rssMb: null,
        skipped: `bare bot did not start: ${output.slice(-5).join(' ').slice(0, 300)}`,
      };
    }
    const inbox = new Inbox(fake);
    const chats = Array.from({ length: o.concurrency }, (_, i) => 9_100_000 + i);
    const play = async (userId: number, until: () => boolean, acks: number[]) => {
      let n = 0;
      while (until()) {
        const res = await sim.deliver(sim.textUpdate(userId, '村口的路灯坏了'), 10_000);
        if (res.status !== 200) throw new Error(`bare bot answered HTTP ${res.status}`);
        acks.push(res.ackMs);
        if (!(await inbox.next(String(userId), 10_000))) throw new Error('bare bot did not reply');
        n++;
      }
      return n;
    };
    // A short warm-up (JIT, keep-alive sockets), as the service has its binding phase before the load.
    let warm = o.warmup ?? 20;
    await Promise.all(chats.map((id) => play(id, () => warm-- > 0, [])));
    const cpu0 = readProc(child.pid!)?.cpuSec ?? null;
    const acks: number[] = [];
    const t0 = performance.now();
    const endAt = t0 + o.seconds * 1000;
    const counts = await Promise.all(chats.map((id) => play(id, () => performance.now() < endAt, acks)));
    const wall = (performance.now() - t0) / 1000;
    const proc = readProc(child.pid!);
    const replies = counts.reduce((a, b) => a + b, 0);
    const ack = summarize(acks);
    return {
      perSec: round(replies / wall, 1),
      replies,
      seconds: round(wall, 2),
      ackP50Ms: round(ack.p50, 2),
      ackP99Ms: round(ack.p99, 2),
      cpuMsPerReply: cpu0 !== null && proc && replies ? round(((proc.cpuSec - cpu0) * 1000) / replies, 3) : null,
      rssMb: proc ? round(proc.hwmKb / 1024, 1) : null,
    };
  } catch (err) {
    return {
      perSec: null,
      replies: 0,
      seconds: null,
      ackP50Ms: null,
      ackP99Ms: null,
      cpuMsPerReply: null,
      rssMb: null,
      skipped: `bare bot failed: ${(err as Error).message}; ${output.slice(-3).join(' ').slice(0, 300)}`,
    };
  } finally {
    sim.agent.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    await fake.stop();
  }
}
