import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../data/database.js';
import { requestsMark } from '../data/desk-board.repository.js';
import { type DeskDeps, requireUser } from './desk.context.js';
import { DESK_PATH } from './desk.session.js';

/** Open streams per address, so one client cannot hold the server's connections. */
const MAX_STREAMS_PER_ADDRESS = 20;

/**
 * The live board: one watcher reads a cheap mark of the requests table (highest ref, latest change, count)
 * while anyone has a board open, and tells every open board "changed"; each board then fetches its own
 * rows, filtered by its own scope. The stream itself carries no request data.
 */
export class BoardWatch {
  private readonly streams = new Set<FastifyReply>();
  private readonly perAddress = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private mark: string | null = null;
  private inflight: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly everyMs: number) {}

  /** Registers an open board; once it resolves, every change after the page's first refresh reaches it. */
  async add(reply: FastifyReply, address: string): Promise<boolean> {
    const n = this.perAddress.get(address) ?? 0;
    if (n >= MAX_STREAMS_PER_ADDRESS) return false;
    this.perAddress.set(address, n + 1);
    this.streams.add(reply);
    reply.raw.on('close', () => {
      this.streams.delete(reply);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left); else this.perAddress.delete(address);
      if (this.streams.size === 0) this.stop();
    });
    if (!this.timer) this.timer = setInterval(() => void this.check(), this.everyMs);
    // The baseline is read before the board hears "ready" (and refreshes): a change in between is not lost.
    if (this.mark === null) await this.check();
    return true;
  }

  /** One read at a time; a caller arriving meanwhile waits for that read. */
  private check(): Promise<void> {
    this.inflight ??= this.read().finally(() => { this.inflight = null; });
    return this.inflight;
  }

  private async read(): Promise<void> {
    try {
      const mark = await requestsMark(this.db);
      if (this.mark !== null && mark !== this.mark) for (const s of this.streams) s.raw.write('event: changed\ndata: {}\n\n');
      this.mark = mark;
    } catch {
      // The next tick tries again; a board that misses one change catches up with the next.
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.mark = null;
  }

  closeAll(): void {
    for (const s of this.streams) s.raw.end();
    this.streams.clear();
    this.stop();
  }
}

export function liveRoutes(app: FastifyInstance, deps: DeskDeps, watch: BoardWatch): void {
  app.get(`${DESK_PATH}/events`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    if (!(await watch.add(reply, req.ip))) {
      reply.raw.end('event: busy\ndata: {}\n\n');
      return reply;
    }
    // A comment now (so the page knows it is live) and every 25 s (so proxies keep the stream open).
    reply.raw.write(': live\n\nevent: ready\ndata: {}\n\n');
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
    reply.raw.on('close', () => clearInterval(ping));
    return reply;
  });
}
