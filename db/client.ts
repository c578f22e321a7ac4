import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type the core sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  /**
   * The webhooks' door: on PostgreSQL a pool of its own (two connections), so an acknowledgement never
   * queues behind a burst of outbox sends or turns on the main pool. The same as `db` when embedded.
   */
  front: Db;
  kind: 'pglite' | 'postgres';
  /** postgres://… for drivers that open their own connections (the job queue); null when embedded. */
  url: string | null;
  /** Plain SQL for libraries that bring their own queries (the job queue on the embedded database). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** What the repositories (drizzle) sent since the database was opened and migrated; the bench reads it per report. */
  stats(): StatementStats;
  /**
   * Calls `onMessage` for every NOTIFY on `channel` (from any instance on this database, this one included),
   * on PostgreSQL through a connection of its own; answers how to stop listening.
   */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * PostgreSQL only: makes this process one of the service's instances on the database for as long as it is
   * open — a shared session advisory lock on a connection of its own (`linli-instance`), taken again if the
   * connection is lost. `whileAlone` runs first only if no other instance holds the lock (it is then held
   * exclusively, so no instance starts meanwhile); answers whether it ran. A killed process's connection is
   * closed by its kernel, so its lock is gone by the time its successor starts.
   */
  standAsInstance?(whileAlone: () => Promise<void>): Promise<boolean>;
  /**
   * Embedded only: the data folder as a gzipped tarball, which `OpenOptions.loadDataDir` starts from. The
   * tests build their migrated (and roster-loaded) databases once per run this way instead of per file.
   */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * Counted on the client, the same way on both drivers: `statements` are the queries drizzle sends
 * (BEGIN/COMMIT and savepoint control not included), `transactions` the transactions it opens,
 * `savepoints` the nested ones. executeSql (the job queue, scripts) and the migrator are not counted.
 */
export interface StatementStats {
  statements: number;
  transactions: number;
  savepoints: number;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
// Several app instances may start at once against one PostgreSQL; only one may migrate.
const MIGRATION_LOCK = 7_304_551;

export interface OpenOptions {
  /** postgres://… for a real server; undefined for the embedded database. */
  url?: string;
  /** Folder for the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  maxConnections?: number;
  /** Embedded: start from a tarball `dumpDataDir` made (initdb and the applied migrations skipped); with dataDir, an empty folder (a restore). */
  loadDataDir?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const client = postgres(opts.url, { ...poolOptions('linli'), max: opts.maxConnections ?? 10 });
    const counts: StatementStats = { statements: 0, transactions: 0, savepoints: 0 };
    const frontClient = postgres(opts.url, { ...poolOptions('linli-front'), max: 2 });
    const db = homed(drizzlePostgres(preparing(client, counts), { schema }) as unknown as Db);
    const front = homed(drizzlePostgres(preparing(frontClient, counts), { schema }) as unknown as Db, homeOf(db));
    await migrateLocked(opts.url);
    let instance: InstanceLock | undefined;
    return {
      db,
      front,
      kind: 'postgres',
      url: opts.url,
      executeSql: async (text, values) => ({ rows: [...(await client.unsafe(text, (values ?? []) as never[]))] }),
      stats: () => ({ ...counts }),
      listen: async (channel, onMessage) => {
        const { unlisten } = await client.listen(channel, (payload) => onMessage(payload));
        return unlisten;
      },
      standAsInstance: (whileAlone) => (instance ??= new InstanceLock(opts.url!)).stand(whileAlone),
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), frontClient.end({ timeout: 5 }), instance?.end()]);
      },
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = opts.dataDir
    ? new PGlite(opts.dataDir, { ...pgliteOptions, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) })
    : new PGlite({ ...pgliteOptions, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  const raw = { query: client.query.bind(client), exec: client.exec.bind(client) };
  const counts: StatementStats = { statements: 0, transactions: 0, savepoints: 0 };
  countPglite(client, counts);
  const pgdb = homed(drizzlePglite(client, { schema }) as unknown as Db);
  await migratePglite(pgdb as never, { migrationsFolder });
  Object.assign(counts, { statements: 0, transactions: 0, savepoints: 0 });
  return {
    db: pgdb,
    front: pgdb,
    kind: 'pglite',
    url: null,
    stats: () => ({ ...counts }),
    listen: (channel, onMessage) => client.listen(channel, onMessage),
    dumpDataDir: () => client.dumpDataDir('gzip'),
    // Parameterless scripts (schema set-up) may hold several statements, which a prepared query cannot.
    executeSql: async (text, values) =>
      values && values.length > 0
        ? { rows: (await raw.query(text, values as unknown[])).rows }
        : { rows: (await raw.exec(text)).at(-1)?.rows ?? [] },
    close: () => client.close(),
  };
}

/**
 * How the service's pools ride out a database that drops its connections (a restart, a failover,
 * pg_terminate_backend). The driver's own fatal paths are patched at install (db/postgres-driver.patch.mjs).
 */
export function poolOptions(applicationName: string) {
  return {
    onnotice: () => {},
    // Reconnect within a couple of seconds, not the driver's default of up to 20 s after repeated drops.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2),
    connection: {
      application_name: applicationName,
      // Under repeated drops the driver can lose the answer to a statement in a transaction and wait for it
      // forever (seen in test/server/db-drop.test.ts); the server then ends that idle transaction, which
      // rejects the wait and frees the connection. No transaction of the service sits idle this long.
      idle_in_transaction_session_timeout: 10_000,
    },
  };
}

const HOME = Symbol('linli database home');

/**
 * What a database and every transaction opened on it (nested ones too) have in common, so a cache kept
 * per database can be found from a transaction. Both pools of one database share it.
 */
export function homeOf(d: DbOrTx): object {
  return (d as unknown as { [HOME]?: object })[HOME] ?? d;
}

function homed<T extends Db | Tx>(d: T, home: object = {}): T {
  Object.defineProperty(d, HOME, { value: home });
  const open = d.transaction.bind(d) as (fn: (tx: Tx) => Promise<unknown>, config?: unknown) => Promise<unknown>;
  Object.defineProperty(d, 'transaction', {
    value: (fn: (tx: Tx) => Promise<unknown>, config?: unknown) => open((tx) => fn(homed(tx, home)), config),
  });
  return d;
}

/**
 * drizzle asks postgres.js for unnamed statements (`prepare: false`): each query is parsed and planned
 * again, in two round trips. The repositories' queries are a fixed set of texts, so they are prepared
 * once per connection instead (postgres.js keeps them by text), inside transactions too. Only drizzle's
 * queries: executeSql also runs multi-statement scripts, which cannot be prepared.
 */
function preparing(sql: postgres.Sql, counts: StatementStats): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], opts?: { prepare?: boolean }) => {
          counts.statements++;
          return target.unsafe(query, params as never[], { ...opts, prepare: true });
        };
      }
      // A transaction or savepoint runs its body on a client of its own: wrapped too, so it prepares and counts alike.
      if (prop === 'begin' || prop === 'savepoint') {
        const open = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!;
        return (...args: unknown[]) => {
          counts[prop === 'begin' ? 'transactions' : 'savepoints']++;
          const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return open.call(target, ...args, (tx: postgres.TransactionSql) =>
            body(preparing(tx as unknown as postgres.Sql, counts) as unknown as postgres.TransactionSql),
          );
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * A village office PC, not a server: PostgreSQL's memory settings cut down (shared buffers 128 → 16 MB;
 * measured: idle RSS of a restarted embedded database 348 → 225 MB, 393 → 252 MB after 200,000 rows).
 * PGlite's own start parameters stay first; the WebAssembly heap it starts with cannot be made smaller.
 */
const pgliteOptions = {
  startParams: [
    ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
    '-c',
    'shared_buffers=16MB',
    '-c',
    'work_mem=2MB',
    '-c',
    'maintenance_work_mem=16MB',
    '-c',
    'temp_buffers=2MB',
    '-c',
    'wal_buffers=1MB',
  ],
};

type PgliteQuery = (query: string, params?: unknown[], options?: unknown) => Promise<unknown>;
// drizzle runs its nested transactions as plain `savepoint spN` statements on PGlite; they count as savepoints, as on PostgreSQL.
const SAVEPOINT_CONTROL = /^(savepoint|release savepoint|rollback to savepoint) sp\d+$/;

function countingQuery(query: PgliteQuery, counts: StatementStats): PgliteQuery {
  return (text, params, options) => {
    if (!SAVEPOINT_CONTROL.test(text)) counts.statements++;
    else if (text.startsWith('savepoint')) counts.savepoints++;
    return query(text, params, options);
  };
}

/**
 * Counts drizzle's calls on the embedded client. Own properties shadow the methods (a Proxy would break
 * PGlite's private fields); its transaction runs BEGIN/COMMIT internally, so they are not counted twice.
 */
function countPglite(client: PGlite, counts: StatementStats): void {
  const c = client as unknown as {
    query: PgliteQuery;
    transaction: (fn: (tx: { query: PgliteQuery }) => Promise<unknown>) => Promise<unknown>;
  };
  c.query = countingQuery(client.query.bind(client) as PgliteQuery, counts);
  const transaction = client.transaction.bind(client) as unknown as typeof c.transaction;
  c.transaction = (fn) => {
    counts.transactions++;
    return transaction((tx) => {
      tx.query = countingQuery(tx.query, counts);
      return fn(tx);
    });
  };
}

/** A one-connection client holds a session advisory lock while it migrates. */
async function migrateLocked(url: string): Promise<void> {
  const one = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await one`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(one, { schema }), { migrationsFolder });
    await one`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await one.end({ timeout: 5 });
  }
}

// Held shared by every service instance on a database (advisory locks are per database), exclusively by one starting alone.
const INSTANCE_LOCK = 7_304_552;

class InstanceLock {
  private readonly sql: postgres.Sql;
  private standing = false;
  private ended = false;
  private retaking: Promise<void> | null = null;
  private lost = false;

  constructor(url: string) {
    this.sql = postgres(url, {
      max: 1,
      onnotice: () => {},
      max_lifetime: 0,
      idle_timeout: 0,
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      connection: { application_name: 'linli-instance' },
      // The lock lives as long as the session: a lost connection (a restart, pg_terminate_backend) is replaced
      // and the lock taken again, shared — never alone, since this process's own claims are in flight.
      onclose: () => {
        if (this.standing && !this.ended) this.retake();
      },
    });
  }

  async stand(whileAlone: () => Promise<void>): Promise<boolean> {
    const [row] = await this.sql<{ alone: boolean }[]>`select pg_try_advisory_lock(${INSTANCE_LOCK}) as alone`;
    if (row?.alone) {
      try {
        await whileAlone();
      } finally {
        await this.sql`select pg_advisory_lock_shared(${INSTANCE_LOCK})`;
        await this.sql`select pg_advisory_unlock(${INSTANCE_LOCK})`;
      }
    } else {
      // Waits while an instance starting alone ends the leases the dead left.
      await this.sql`select pg_advisory_lock_shared(${INSTANCE_LOCK})`;
    }
    this.standing = true;
    return row?.alone ?? false;
  }

  private retake(): void {
    this.lost = true;
    this.retaking ??= (async () => {
      while (!this.ended && this.lost) {
        this.lost = false;
        try {
          await this.sql`select pg_advisory_lock_shared(${INSTANCE_LOCK})`;
        } catch {
          this.lost = true;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    })().finally(() => {
      this.retaking = null;
    });
  }

  async end(): Promise<void> {
    this.ended = true;
    await this.sql.end({ timeout: 5 });
  }
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
