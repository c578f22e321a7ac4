import type { OutButton } from '../../src/channels/channel.port.js';
import type { ChannelSocket } from '../../src/channels/http.js';
import type { PageAttachment } from './web.media.js';

type Socket = ChannelSocket;

/** A message from the bot as the page shows it; `id` is its outbox row, so the page never shows one twice. */
export interface BotItem {
  kind: 'bot';
  id: number;
  text: string;
  buttons?: OutButton[][];
  /** Photos and voice notes, each at an address only this web user can load. */
  attachments?: PageAttachment[];
  at: string;
}

export interface MeItem {
  kind: 'me';
  text: string;
  at: string;
}

interface Conn {
  socket: Socket;
  /** Highest outbox id this socket has been given. */
  lastId: number;
  /** Live messages held back while the history is being read, so order is kept and nothing slips between. */
  held: BotItem[] | null;
  /** Whom the page shows as signed in; null until the person is bound. */
  who: string | null;
}

const OPEN = 1;

/** Open sockets per web user: one person may have the page open on a phone and a computer. */
export class SocketHub {
  private readonly byUser = new Map<string, Set<Conn>>();

  open(userId: string, socket: Socket, after: number): Conn {
    const conn: Conn = { socket, lastId: after, held: [], who: null };
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
    return conn;
  }

  close(userId: string, conn: Conn): void {
    const set = this.byUser.get(userId);
    set?.delete(conn);
    if (set?.size === 0) this.byUser.delete(userId);
  }

  /** Sends the history, then whatever arrived meanwhile and is newer. */
  replayed(conn: Conn, history: (BotItem | MeItem)[]): void {
    write(conn, { type: 'history', items: history });
    for (const item of history) if (item.kind === 'bot') conn.lastId = Math.max(conn.lastId, item.id);
    const held = conn.held ?? [];
    conn.held = null;
    for (const item of held) this.deliver(conn, item);
  }

  /** Returns how many sockets of the user got (or will get) the message. */
  push(userId: string, item: BotItem): number {
    const set = this.byUser.get(userId);
    if (!set) return 0;
    for (const conn of set) {
      if (conn.held) conn.held.push(item);
      else this.deliver(conn, item);
    }
    return set.size;
  }

  /** True while some open page of the user does not know yet who is signed in (until binding succeeds). */
  needsWho(userId: string): boolean {
    return [...(this.byUser.get(userId) ?? [])].some((c) => c.who === null);
  }

  tellWho(userId: string, who: string, conn?: Conn): void {
    for (const c of conn ? [conn] : (this.byUser.get(userId) ?? [])) {
      if (c.who === who) continue;
      c.who = who;
      write(c, { type: 'who', who });
    }
  }

  /** Makes the user's open pages reconnect (and so read their history again). */
  reconnect(userId: string): void {
    for (const conn of this.byUser.get(userId) ?? []) conn.socket.close(1012, 'reconnect');
  }

  closeAll(): void {
    for (const set of this.byUser.values()) for (const conn of set) conn.socket.close(1001, 'server shutting down');
    this.byUser.clear();
  }

  private deliver(conn: Conn, item: BotItem): void {
    // Outbox rows of one recipient are sent in id order, so anything not newer was already in the history.
    if (item.id <= conn.lastId) return;
    conn.lastId = item.id;
    write(conn, { type: 'message', item });
  }
}

export function write(conn: { socket: Socket }, payload: unknown): void {
  if (conn.socket.readyState === OPEN) conn.socket.send(JSON.stringify(payload));
}
