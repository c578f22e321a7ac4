import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../data/database.js';
import { requestsMark } from '../data/desk-board.repository.js';
import type { Scope } from '../domain/scope.js';
import { type DeskDeps, requireUser } from './desk.context.js';
import { DESK_PATH } from './desk.session.js';

/** Open streams per address, so one client cannot hold the server's connections. */
const MAX_STREAMS_PER_ADDRESS = 20;

/** The boards open with one scope, and the mark of what that scope sees (null until first read). */
interface Watched {
  scope: Scope;
  mark: string | null;
  streams: Set<FastifyReply>;
}

/**
 * The live board: one watcher reads a cheap mark of the requests each open scope sees (highest ref, latest
 * change, count) while anyone has a board open, and tells the boards of that scope "changed"; each board
 * then fetches its own rows. A village's board never hears of another village's changes, a town's of its
 * villages only. The stream itself carries no request data.
 */
export class BoardWatch {
  private readonly scopes = new Map<string, Watched>();
  private readonly perAddress = new Map<string, number>();
  private open = 0;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly everyMs: number,
  ) {}

  /** Registers an open board; once it resolves, every change its scope sees after the page's first refresh reaches it. */
  async add(reply: FastifyReply, address: string, scope: Scope): Promise<boolean> {
    const n = this.perAddress.get(address) ?? 0;
    if (n >= MAX_STREAMS_PER_ADDRESS) return false;
    this.perAddress.set(address, n + 1);
    const key = JSON.stringify(scope);
    let watched = this.scopes.get(key);
    if (!watched) this.scopes.set(key, (watched = { scope, mark: null, streams: new Set() }));
    watched.streams.add(reply);
    this.open++;
    reply.raw.on('close', () => {
      watched.streams.delete(reply);
      if (watched.streams.size === 0 && this.scopes.get(key) === watched) this.scopes.delete(key);
      this.open--;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
      if (this.open === 0) this.stop();
    });
    if (!this.timer) this.timer = setInterval(() => void this.check(), this.everyMs);
    // The baseline is read before the board hears "ready" (and refreshes): a change in between is not lost.
    if (watched.mark === null) watched.mark = await requestsMark(this.db, scope).catch(() => null);
    return true;
  }

  /** One read at a time; a caller arriving meanwhile waits for that read. */
  private check(): Promise<void> {
    this.inflight ??= this.read().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async read(): Promise<void> {
    for (const watched of [...this.scopes.values()]) {
      try {
        const mark = await requestsMark(this.db, watched.scope);
        if (watched.mark !== null && mark !== watched.mark)
          for (const s of watched.streams) s.raw.write('event: changed\ndata: {}\n\n');
        watched.mark = mark;
      } catch {
        // The next tick tries again; a board that misses one change catches up with the next.
      }
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  closeAll(): void {
    for (const watched of this.scopes.values()) for (const s of watched.streams) s.raw.end();
    this.scopes.clear();
    this.stop();
  }
}

export function liveRoutes(app: FastifyInstance, deps: DeskDeps, watch: BoardWatch): void {
  app.get(`${DESK_PATH}/events`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    if (!(await watch.add(reply, req.ip, user.scope))) {
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
