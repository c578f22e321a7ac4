import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../src/data/database.js';
import { demoRosterPath } from '../../src/roster/demo.js';
import { importRoster } from '../../src/roster/roster.import.js';

export interface TestDatabaseOptions {
  /** 'demo': the 392-household demo roster already imported, as `importRoster(db, demoRoster())` leaves it. */
  roster?: 'demo';
  /** With the roster: imported in demo mode (the village marked as the demo), as `{ demo: true }` does. */
  demo?: boolean;
}

/** The databases test/support/global-setup.ts builds once per run, by template name. */
export type TemplateName = 'empty' | 'demo' | 'demo-marked';
/** Where the templates are: written by the global set-up into the environment the test workers inherit. */
export const TEMPLATES_ENV = 'LINLI_TEST_TEMPLATES';
export interface Templates {
  /** PGlite: a folder holding `<name>.tar.gz`; PostgreSQL: the server and the template databases' names. */
  pglite?: string;
  postgres?: { server: string; names: Record<TemplateName, string> };
}

const templateOf = (opts: TestDatabaseOptions): TemplateName =>
  opts.roster !== 'demo' ? 'empty' : opts.demo ? 'demo-marked' : 'demo';

function templates(): Templates {
  const raw = process.env[TEMPLATES_ENV];
  return raw ? (JSON.parse(raw) as Templates) : {};
}

/** The same rows the template holds, made here: when no global set-up ran (a script, another runner). */
async function fill(database: Database, opts: TestDatabaseOptions): Promise<void> {
  if (opts.roster === 'demo')
    await importRoster(database.db, JSON.parse(readFileSync(demoRosterPath, 'utf8')), { demo: opts.demo ?? false });
}

/**
 * An embedded data folder (what LINLI_DATA_DIR names) whose database is already a copy of the run's template:
 * the first process that opens it (a spawned service or CLI) skips initdb and the migrations, seconds of CPU
 * each. Without a global set-up (a script) the folder is left as it is and that process builds it.
 */
export async function seedDataFolder(dataDir: string, template: TemplateName = 'empty'): Promise<void> {
  const folder = templates().pglite;
  if (!folder) return;
  const tarball = new Blob([readFileSync(join(folder, `${template}.tar.gz`))]);
  const database = await openDatabase({ dataDir: join(dataDir, 'pglite'), loadDataDir: tarball });
  await database.close();
}

/**
 * A fresh database per test file: in-memory PGlite by default, or a database of its own on the
 * PostgreSQL server named by DATABASE_URL (created here, dropped on close), so files never collide.
 * Each is a copy of a template the run built once (PGlite's data folder loaded from a tarball,
 * PostgreSQL's CREATE DATABASE … TEMPLATE): initdb, the migrations and the roster import are not
 * paid again per file. Migrations added since the template was built still apply on open.
 */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<Database & { url: string | null }> {
  const serverUrl = process.env.DATABASE_URL;
  const built = templates();
  const template = templateOf(opts);
  if (!serverUrl) {
    const folder = built.pglite;
    if (!folder) {
      const database = await openDatabase({});
      await fill(database, opts);
      return { ...database, url: null };
    }
    const tarball = new Blob([readFileSync(join(folder, `${template}.tar.gz`))]);
    return { ...(await openDatabase({ loadDataDir: tarball })), url: null };
  }
  const copyOf = built.postgres?.server === serverUrl ? built.postgres.names[template] : null;
  const name = `linli_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(copyOf ? `create database ${name} template ${copyOf}` : `create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 5 });
  if (!copyOf) await fill(database, opts);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
