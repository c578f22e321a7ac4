import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Read-only SQL access for the audit, over postgres-js or an embedded PGlite opened after the service stopped. */
export interface Probe {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function dbUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function pgReachable(serverUrl: string): Promise<boolean> {
  const c = postgres(serverUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await c`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await c.end({ timeout: 1 });
  }
}

/**
 * Scratch databases the bench creates on the server named by `serverUrl`; `dropAll` removes every
 * one of them (called from finally blocks and signal handlers, so a failed run leaves nothing).
 */
export class ScratchDatabases {
  readonly created = new Set<string>();
  private readonly admin: postgres.Sql;

  constructor(readonly serverUrl: string) {
    this.admin = postgres(serverUrl, { max: 2, onnotice: () => {} });
  }

  async create(prefix: string): Promise<string> {
    // LINLI_BENCH_DB_PREFIX (e.g. linli_h_me) names the scratch databases of one person's runs on a shared server.
    const base = process.env.LINLI_BENCH_DB_PREFIX
      ? prefix.replace(/^linli/, process.env.LINLI_BENCH_DB_PREFIX.replace(/\W/g, ''))
      : prefix;
    const name = `${base}_${process.pid}_${randomBytes(3).toString('hex')}`;
    await this.admin.unsafe(`create database ${name}`);
    this.created.add(name);
    return name;
  }

  async drop(name: string): Promise<void> {
    await this.admin.unsafe(`drop database if exists ${name} with (force)`);
    this.created.delete(name);
  }

  async dropAll(): Promise<string[]> {
    const names = [...this.created];
    for (const n of names) {
      try {
        await this.drop(n);
      } catch (err) {
        console.error(`could not drop ${n}: ${String(err)}`);
      }
    }
    return names;
  }

  /** Runs SQL as the superuser on the maintenance database (fault injection). */
  sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.admin.unsafe(text, params as never[]) as unknown as Promise<Record<string, unknown>[]>;
  }

  async close(): Promise<void> {
    await this.admin.end({ timeout: 2 });
  }
}

export function postgresProbe(url: string): Probe {
  const c = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: 'linli-bench' } });
  return {
    query: async <T>(text: string, params: unknown[] = []) => [...(await c.unsafe(text, params as never[]))] as T[],
    close: () => c.end({ timeout: 2 }),
  };
}

/** Opens the service's embedded database; only while the service is stopped (PGlite is single-process). */
export async function pgliteProbe(dataDir: string): Promise<Probe> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    close: () => db.close(),
  };
}

/**
 * The PostgreSQL backends serving a database (same host, so their CPU can be read from /proc): for the
 * service's database its pool ('linli') and its job queue ('pgboss'), never the bench's own probe.
 */
export async function backendPids(probe: Pick<Probe, 'query'>, database: string): Promise<number[]> {
  const rows = await probe.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and application_name <> 'linli-bench' and backend_type = 'client backend'`,
    [database],
  );
  return rows.map((r) => Number(r.pid));
}
