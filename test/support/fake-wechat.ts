import * as types from 'wechaty-puppet/types';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { type Log, silentLog } from '../../src/log.js';
import { waitFor } from './harness.js';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
interface MockPayload {
  id: string;
  talkerId?: string;
  listenerId?: string;
  roomId?: string;
  text?: string;
  type?: number;
}

export const BOT_NAME = '邻里助手';
/** WeChat puts this narrow space after an @name. */
const AT_SEPARATOR = '\u2005';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string | undefined;
  fields: Record<string, unknown>;
}

/**
 * What the adapter logs, kept for the tests (and passed on): an ignored message or a friend request left
 * pending leaves nothing else behind, so its log line is the sign that it was looked at.
 */
export class RecordingLog implements Log {
  readonly entries: LogEntry[] = [];
  private inner: Log = silentLog;

  /** Passes every line on to `log` too. */
  through(log: Log): this {
    this.inner = log;
    return this;
  }

  debug(fields: object, msg?: string): void {
    this.entries.push({ level: 'debug', msg, fields: { ...fields } });
    this.inner.debug(fields, msg);
  }
  info(fields: object, msg?: string): void {
    this.entries.push({ level: 'info', msg, fields: { ...fields } });
    this.inner.info(fields, msg);
  }
  warn(fields: object, msg?: string): void {
    this.entries.push({ level: 'warn', msg, fields: { ...fields } });
    this.inner.warn(fields, msg);
  }
  error(fields: object, msg?: string): void {
    this.entries.push({ level: 'error', msg, fields: { ...fields } });
    this.inner.error(fields, msg);
  }

  /** Waits for a line with this message whose fields include `fields`. */
  async seen(msg: string, fields: Record<string, unknown>): Promise<LogEntry> {
    return waitFor(
      () => this.entries.find((e) => e.msg === msg && Object.entries(fields).every(([k, v]) => e.fields[k] === v)),
      `the wechat adapter to log "${msg}" ${JSON.stringify(fields)}`,
    );
  }
}

/**
 * A WeChat world for tests: wechaty-puppet-mock's Mocker plays the WeChat server and the people in it;
 * the service's real wechaty adapter talks to it through the mock puppet.
 */
export class WechatWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly bot: ContactMock = this.mocker.createContact({ name: BOT_NAME });
  /** QR codes the adapter printed to the terminal. */
  readonly printed: string[] = [];
  /** Give this to the adapter as its log (the channel harness does). */
  readonly adapterLog = new RecordingLog();
  private readonly friendships = new Map<string, { contactId: string; hello: string }>();
  readonly accepted: string[] = [];

  constructor() {
    const puppet = this.puppet as unknown as Record<string, unknown>;
    // The mock answers friend requests with an empty payload; these carry who asked and what they said.
    puppet.friendshipRawPayload = async (id: string) => {
      const f = this.friendships.get(id);
      return {
        id,
        contactId: f?.contactId,
        hello: f?.hello ?? '',
        type: types.Friendship.Receive,
        timestamp: Date.now(),
      };
    };
    puppet.friendshipAccept = async (id: string) => {
      this.accepted.push(id);
    };
  }

  scan(qr: string): void {
    this.mocker.scan(qr, types.ScanStatus.Waiting);
  }
  login(): void {
    this.mocker.login(this.bot);
  }
  async logout(reason = 'test'): Promise<void> {
    await this.puppet.logout(reason);
  }

  person(name: string): WechatPerson {
    return new WechatPerson(this, this.mocker.createContact({ name }));
  }

  room(topic: string, people: WechatPerson[]): WechatRoom {
    return new WechatRoom(
      this,
      this.mocker.createRoom({ topic, memberIdList: [this.bot.id, ...people.map((p) => p.id)] }),
    );
  }

  friendRequest(from: WechatPerson, hello: string): string {
    const id = `fr-${this.friendships.size + 1}`;
    this.friendships.set(id, { contactId: from.id, hello });
    this.puppet.emit('friendship', { friendshipId: id });
    return id;
  }

  /** Everything the bot said, in order. */
  sent(): MockPayload[] {
    return [...this.mocker.cacheMessagePayload.values()].filter(
      (p) => (p as MockPayload).talkerId === this.bot.id,
    ) as MockPayload[];
  }
}

export class WechatPerson {
  constructor(
    readonly world: WechatWorld,
    readonly contact: ContactMock,
  ) {}

  get id(): string {
    return this.contact.id;
  }
  get name(): string {
    return this.contact.payload.name;
  }

  /** Says something to the bot privately; returns the WeChat message id. */
  say(text: string): string {
    this.contact.say(text).to(this.world.bot);
    return this.lastSaid();
  }

  /** Says something in a room; returns the WeChat message id. */
  sayIn(room: WechatRoom, text: string, opts: { mention?: boolean } = {}): string {
    if (opts.mention) this.contact.say(`@${BOT_NAME}${AT_SEPARATOR}${text}`, [this.world.bot]).to(room.room);
    else this.contact.say(text).to(room.room);
    return this.lastSaid();
  }

  /** The mock keeps every message's payload in the order they were made, and makes one synchronously in say(). */
  private lastSaid(): string {
    const mine = [...this.world.mocker.cacheMessagePayload.values()].filter(
      (p) => (p as MockPayload).talkerId === this.id,
    );
    return (mine.at(-1) as MockPayload).id;
  }

  /** What the bot sent this person privately. */
  inbox(): string[] {
    return this.world
      .sent()
      .filter((p) => p.listenerId === this.id && !p.roomId)
      .map((p) => p.text ?? '');
  }

  async expect(pattern: RegExp, since = 0): Promise<string> {
    return waitFor(
      () =>
        this.inbox()
          .slice(since)
          .find((t) => pattern.test(t)),
      `${this.name} to receive ${pattern} on WeChat`,
    );
  }

  /** Files (photos, voice) the bot sent this person privately, by the names it gave them, in order. */
  files(): string[] {
    return this.world
      .sent()
      .filter((p) => p.listenerId === this.id && !p.roomId && p.text === undefined)
      .map((p) => (this.world.mocker.cacheFileBoxPayload.get(p.id) as { name?: string } | undefined)?.name ?? '?');
  }
}

export class WechatRoom {
  constructor(
    readonly world: WechatWorld,
    readonly room: RoomMock,
  ) {}

  get id(): string {
    return this.room.id;
  }

  messages(): string[] {
    return this.world
      .sent()
      .filter((p) => p.roomId === this.id)
      .map((p) => p.text ?? '');
  }

  async expect(pattern: RegExp, since = 0): Promise<string> {
    return waitFor(
      () =>
        this.messages()
          .slice(since)
          .find((t) => pattern.test(t)),
      `room to receive ${pattern}`,
    );
  }
}
