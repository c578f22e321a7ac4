import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../../src/data/database.js';
import { demoRosterPath } from '../../src/roster/demo.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { BUILD_ENV, repoRoot } from './service-process.js';
import { type TemplateName, TEMPLATES_ENV, type Templates } from './test-db.js';

const TEMPLATE_PREFIX = 'linli_tpl_';
const roster = () => JSON.parse(readFileSync(demoRosterPath, 'utf8'));

/**
 * Runs once per `vitest run`, before any worker starts: builds the databases test files copy
 * (createTestDatabase) — migrated and empty, with the demo roster, with the demo roster in demo mode —
 * and, meanwhile, the build the process tests spawn (test/support/service-process.ts), and tells the workers
 * where they are through the environment they inherit.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Several projects name this set-up; the first builds, the others find the templates built.
  if (process.env[TEMPLATES_ENV]) return async () => {};
  const [templates, build] = await Promise.allSettled([buildTemplates(), buildService()]);
  const cleanup = async () => {
    if (build.status === 'fulfilled') build.value();
    if (templates.status === 'fulfilled') await templates.value();
  };
  const failed = [templates, build].find((r) => r.status === 'rejected');
  if (failed) {
    await cleanup();
    throw failed.reason;
  }
  return cleanup;
}

const BUILDS = join(repoRoot, 'node_modules', '.cache', 'linli-test-build');

/**
 * db/build.mjs into a folder of this run's own (two runs of one checkout may overlap: CI's two databases),
 * inside the repository so the build's bare imports find node_modules. Builds left by a run that crashed
 * (named with its process id) are removed once that process is gone.
 */
async function buildService(): Promise<() => void> {
  let stale: string[] = [];
  try {
    stale = readdirSync(BUILDS);
  } catch {
    /* no build yet */
  }
  for (const name of stale) {
    const pid = Number(/^(\d+)_/.exec(name)?.[1]);
    if (!pid || !alive(pid)) rmSync(join(BUILDS, name), { recursive: true, force: true });
  }
  const out = join(BUILDS, `${process.pid}_${randomBytes(3).toString('hex')}`);
  await promisify(execFile)(process.execPath, ['db/build.mjs', out], { cwd: repoRoot });
  process.env[BUILD_ENV] = out;
  return () => rmSync(out, { recursive: true, force: true });
}

async function buildTemplates(): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  const built: Templates = {};
  let cleanup: () => Promise<void>;
  if (!serverUrl) {
    const folder = mkdtempSync(join(tmpdir(), 'linli-tpl-'));
    const empty = await openDatabase({});
    const blob = await empty.dumpDataDir!();
    await empty.close();
    const save = async (name: TemplateName, b: Blob) =>
      writeFileSync(join(folder, `${name}.tar.gz`), Buffer.from(await b.arrayBuffer()));
    await save('empty', blob);
    // Each roster template starts from the empty one, as a test file's own import did.
    for (const [name, demo] of [
      ['demo', false],
      ['demo-marked', true],
    ] as const) {
      const database = await openDatabase({ loadDataDir: blob });
      await importRoster(database.db, roster(), { demo });
      await save(name, await database.dumpDataDir!());
      await database.close();
    }
    built.pglite = folder;
    cleanup = async () => rmSync(folder, { recursive: true, force: true });
  } else {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await dropStale(admin);
    const stem = `${TEMPLATE_PREFIX}${process.pid}_${randomBytes(3).toString('hex')}`;
    const names: Record<TemplateName, string> = {
      empty: `${stem}_empty`,
      demo: `${stem}_demo`,
      'demo-marked': `${stem}_demom`,
    };
    const build = async (
      name: string,
      from: string | null,
      fill: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<unknown>,
    ) => {
      await admin.unsafe(from ? `create database ${name} template ${from}` : `create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString(), maxConnections: 1 });
      await fill(database);
      await database.close();
    };
    await build(names.empty, null, async () => {});
    await build(names.demo, names.empty, (d) => importRoster(d.db, roster()));
    await build(names['demo-marked'], names.empty, (d) => importRoster(d.db, roster(), { demo: true }));
    built.postgres = { server: serverUrl, names };
    cleanup = async () => {
      for (const name of Object.values(names)) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  process.env[TEMPLATES_ENV] = JSON.stringify(built);
  return cleanup;
}

/** Templates left by a run that crashed: named with its process id, dropped once that process is gone. */
async function dropStale(admin: postgres.Sql): Promise<void> {
  const rows = await admin<
    { datname: string }[]
  >`select datname from pg_database where datname like ${`${TEMPLATE_PREFIX}%`}`;
  for (const { datname } of rows) {
    const pid = Number(/^linli_tpl_(\d+)_/.exec(datname)?.[1]);
    if (pid && alive(pid)) continue;
    await admin.unsafe(`drop database if exists ${datname} with (force)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
