import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.js';

/**
 * The database's part of a backup: PGlite's data folder as the tarball its own dumpDataDir makes (taken
 * while no statement runs, so it is what a crash at that instant would leave, and PostgreSQL's recovery
 * makes it whole on load), or PostgreSQL's pg_dump in its custom format (one consistent snapshot).
 */

const run = promisify(execFile);

/** A migration as the journal lists it: the schema version a backup records and a restore compares. */
export interface SchemaVersion { tag: string; when: number }

const journalFile = fileURLToPath(new URL('../../db/migrations/meta/_journal.json', import.meta.url));

function journal(): SchemaVersion[] {
  const j = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string; when: number }[] };
  return j.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

/** The newest schema this code knows (its last migration). */
export function codeSchema(): SchemaVersion {
  return journal().reduce((a, b) => (b.when > a.when ? b : a));
}

/** Whether the code knows this migration (an archive from another branch's migration is not restorable). */
export function knownSchema(v: SchemaVersion): boolean {
  return journal().some((e) => e.tag === v.tag && e.when === v.when);
}

/** The schema the database is at: its newest applied migration, named from the journal. */
export async function databaseSchema(database: Database): Promise<SchemaVersion> {
  const rows = await database.db.execute(sql`select max(created_at)::text as "when" from drizzle.__drizzle_migrations`) as unknown as
    { rows?: { when: string | null }[] } & { when: string | null }[];
  const when = Number((rows.rows ?? rows)[0]?.when ?? 0);
  return journal().find((e) => e.when === when) ?? { tag: `unknown-${when}`, when };
}

export type DumpKind = 'pglite' | 'postgres';

/** The PostgreSQL tools, or null with why not (the backup then says so instead of writing half a backup). */
export async function postgresTool(name: 'pg_dump' | 'pg_restore'): Promise<{ path: string; version: string } | { missing: string }> {
  try {
    const { stdout } = await run(name, ['--version']);
    return { path: name, version: stdout.trim() };
  } catch (err) {
    return { missing: (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${name} is not installed` : (err as Error).message };
  }
}

/** The whole database as bytes: PGlite's gzipped data folder, or pg_dump's custom format written to `scratch`. */
export async function dumpDatabase(database: Database, scratch: string): Promise<{ kind: DumpKind; bytes: Buffer } | { kind: DumpKind; file: string }> {
  if (database.dumpDataDir) {
    // A checkpoint first: the data files then hold nearly everything, and a restore replays little log.
    await database.executeSql('CHECKPOINT');
    return { kind: 'pglite', bytes: Buffer.from(await (await database.dumpDataDir()).arrayBuffer()) };
  }
  const tool = await postgresTool('pg_dump');
  if ('missing' in tool) throw new Error(`cannot back up PostgreSQL: ${tool.missing} (install the PostgreSQL client tools of the server's version)`);
  await run(tool.path, ['--format=custom', '--no-owner', '--no-privileges', `--file=${scratch}`, `--dbname=${database.url!}`], { maxBuffer: 16 * 1024 * 1024 });
  return { kind: 'postgres', file: scratch };
}

/** The schemas of a PostgreSQL database that hold tables (the system's own aside): a restore goes only into one with none. */
export async function postgresTables(url: string): Promise<string[]> {
  const one = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await one<{ schema: string; n: number }[]>`select n.nspname as schema, count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
      group by n.nspname order by n.nspname`;
    return rows.map((r) => `${r.schema}: ${r.n}`);
  } finally {
    await one.end({ timeout: 5 });
  }
}

/** pg_restore into an empty database, in one transaction: it is all there or nothing is. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const tool = await postgresTool('pg_restore');
  if ('missing' in tool) throw new Error(`cannot restore into PostgreSQL: ${tool.missing} (install the PostgreSQL client tools of the server's version)`);
  await run(tool.path, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file], { maxBuffer: 16 * 1024 * 1024 });
}

/** PGlite's data folder from its tarball, into an empty folder; opened once (migrating an older schema) and closed. */
export async function restorePglite(dataDir: string, tarball: Buffer): Promise<void> {
  const database = await openDatabase({ dataDir, loadDataDir: new Blob([new Uint8Array(tarball)]) });
  await database.close();
}

/** Opens a restored database to look at it (tests, the CLI's summary). */
export const openRestored = (where: { dataDir: string } | { url: string }): Promise<Database> => openDatabase(where);
