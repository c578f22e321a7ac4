import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/data/database.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { ADMIN_TOKEN, adminApi, demoRoster, type Harness, startHarness, TelegramUser } from '../support/harness.js';
import { PgWireCounter } from './pg-wire-counter.js';

interface Runtime {
  database: string;
  statements: number;
  transactions: number;
  savepoints: number;
  rssMb: number;
  uptimeSec: number;
}

const runtime = async (h: Harness) => {
  const res = await adminApi<Runtime>(h, 'GET', '/api/v1/runtime');
  expect(res.status).toBe(200);
  return res.body;
};
const diff = (a: Runtime, b: Runtime) => ({
  statements: b.statements - a.statements,
  transactions: b.transactions - a.transactions,
  savepoints: b.savepoints - a.savepoints,
});

/** A resident's message in through the webhook, then handled by one run of the inbound worker (stopped otherwise, so nothing else talks to the database). */
async function knownWork(h: Harness): Promise<void> {
  const res = await new TelegramUser(h, 8_800_001, '王大爷').say('村口的路灯坏了，晚上看不见路');
  expect(res.status).toBe(200);
  expect(await h.app.linli.inbound.runOnce()).toBe(1);
}

describe('GET /api/v1/runtime', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ startWorkers: false, sendOutbox: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('needs the admin token', async () => {
    const none = await fetch(`${h.url}/api/v1/runtime`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('auth.missing_token');
    const wrong = await fetch(`${h.url}/api/v1/runtime`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('auth.invalid_token');
  });

  it("reports the database, this process's memory and uptime, and counts that only move with the database's work", async () => {
    const a = await runtime(h);
    expect(a.database).toBe(h.database.kind);
    expect(a.rssMb).toBeGreaterThan(20);
    expect(a.uptimeSec).toBeGreaterThan(0);
    // Reading the counters costs no statement.
    expect(diff(a, await runtime(h))).toEqual({ statements: 0, transactions: 0, savepoints: 0 });
    await knownWork(h);
    const c = diff(a, await runtime(h));
    expect(c.statements).toBeGreaterThan(2);
    expect(c.transactions).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!!process.env.DATABASE_URL)('on PGlite, matches what the database itself committed', async () => {
    // PostgreSQL's own statistics: each statement outside a transaction is one commit. Its single session
    // flushes them on request; a flush counts itself, and the reading between two flushes one more.
    const committed = async () => {
      await h.database.executeSql('select pg_stat_force_next_flush()');
      const { rows } = await h.database.executeSql(
        'select (xact_commit + xact_rollback)::int as n from pg_stat_database where datname = current_database()',
      );
      return (rows[0] as { n: number }).n;
    };
    const n0 = await committed();
    const a = await runtime(h);
    // Reads only, outside transactions: the contact cards of the demo village.
    const cards = await adminApi(h, 'GET', '/api/v1/villages/xiaoyingdian/cards');
    expect(cards.status).toBe(200);
    const b = await runtime(h);
    const n1 = await committed();
    const d = diff(a, b);
    expect(d.transactions).toBe(0);
    expect(d.statements).toBeGreaterThan(0);
    expect(d.statements).toBe(n1 - n0 - 2);
  });
});

// The witness on PostgreSQL is the wire: the service's database is reached through a relay that counts Execute messages.
describe.skipIf(!process.env.DATABASE_URL)('GET /api/v1/runtime on PostgreSQL', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `linli_rt_${process.pid}`;
  let wire: PgWireCounter;
  let database: Database;
  let h: Harness;

  beforeAll(async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    wire = new PgWireCounter({ host: u.hostname, port: Number(u.port || 5432) });
    u.port = String(await wire.start());
    u.pathname = `/${name}`;
    // One connection, opened by the roster import: its start-up queries (type lookups) are over before the counting.
    database = await openDatabase({ url: u.toString(), maxConnections: 1 });
    await importRoster(database.db, demoRoster());
    h = await startHarness({ database, startWorkers: false, sendOutbox: false });
    // The webhooks' own pool opens its connection on the first message; its start-up queries are not the service's statements either.
    await knownWork(h);
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
    await wire?.stop();
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('counts every statement that went over the wire: each one, plus BEGIN and COMMIT per transaction and one SAVEPOINT each', async () => {
    const a = await runtime(h);
    const w0 = wire.statements;
    await knownWork(h);
    const w1 = wire.statements;
    const d = diff(a, await runtime(h));
    expect(d.statements).toBeGreaterThan(2);
    expect(d.transactions).toBeGreaterThanOrEqual(1);
    expect(w1 - w0).toBe(d.statements + 2 * d.transactions + d.savepoints);
  });

  it('prepares a statement once: the same work again parses nothing new', async () => {
    await knownWork(h);
    const p0 = wire.parses;
    const w0 = wire.statements;
    await new TelegramUser(h, 8_800_002, '李大妈').say('村口的路灯坏了，晚上看不见路');
    await h.app.linli.inbound.runOnce();
    expect(wire.statements - w0).toBeGreaterThan(2);
    expect(wire.parses - p0).toBe(0);
  });
});
