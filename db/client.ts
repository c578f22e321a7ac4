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
  kind: 'pglite' | 'postgres';
  /** postgres://… for drivers that open their own connections (the job queue); null when embedded. */
  url: string | null;
  /** Plain SQL for libraries that bring their own queries (the job queue on the embedded database). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
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
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const client = postgres(opts.url, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: 'linli' },
    });
    const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db;
    await migrateLocked(opts.url);
    return {
      db, kind: 'postgres', url: opts.url,
      executeSql: async (text, values) => ({ rows: [...await client.unsafe(text, (values ?? []) as never[])] }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
  const pgdb = drizzlePglite(client, { schema });
  await migratePglite(pgdb, { migrationsFolder });
  return {
    db: pgdb as unknown as Db, kind: 'pglite', url: null,
    // Parameterless scripts (schema set-up) may hold several statements, which a prepared query cannot.
    executeSql: async (text, values) => (values && values.length > 0
      ? { rows: (await client.query(text, values as unknown[])).rows }
      : { rows: (await client.exec(text)).at(-1)?.rows ?? [] }),
    close: () => client.close(),
  };
}

/**
 * drizzle asks postgres.js for unnamed statements (`prepare: false`): each query is parsed and planned
 * again, in two round trips. The repositories' queries are a fixed set of texts, so they are prepared
 * once per connection instead (postgres.js keeps them by text), inside transactions too. Only drizzle's
 * queries: executeSql also runs multi-statement scripts, which cannot be prepared.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], opts?: { prepare?: boolean }) => target.unsafe(query, params as never[], { ...opts, prepare: true });
      }
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: postgres.TransactionSql) => body(preparing(tx as unknown as postgres.Sql) as unknown as postgres.TransactionSql));
        };
      }
      if (prop === 'savepoint') {
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const t = target as unknown as { savepoint: (...a: unknown[]) => unknown };
          return t.savepoint(...args, (tx: postgres.TransactionSql) => body(preparing(tx as unknown as postgres.Sql) as unknown as postgres.TransactionSql));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
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

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
