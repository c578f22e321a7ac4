import { defineConfig } from 'vitest/config';
import { SpawnersFirst } from './test/support/sequencer.js';

/**
 * Which project a test file runs in is read from where it lives and how it is named, so a new file
 * lands somewhere sensible without touching this list:
 * - `unit`: test/unit/** — pure functions, no database, no network, no child process, no env changes.
 *   Threads without isolation (one module graph per worker), the cheapest way vitest runs a file.
 * - `process`: files that start a child process of the service or drive chromium, and check nothing the
 *   database changes — named `*.process.test.ts` / `*.browser.test.ts` (or `*-browser.test.ts`), plus the
 *   existing files listed below. CI runs them once, on the embedded database.
 * - `integration`: everything else (the default) — each file on its own copy of the run's template
 *   database (test/support/global-setup.ts), in forks without isolation: a worker imports fastify,
 *   telegraf, wechaty, exceljs, jieba and PGlite once and runs file after file in that module graph
 *   (each file still builds its own app and database). A file must leave no process-wide state behind
 *   (env, fake timers, listeners, open servers); none of them changes any today.
 * Three workers on CI's two cores: integration files mostly wait (HTTP, the pumps' 25 ms polls, timers),
 * so a third worker fills the cores a waiting file leaves idle. vitest's default there is one.
 * A process test whose child uses DATABASE_URL (the CLI tests' sandbox, test/support/cli-process.ts)
 * checks the PostgreSQL path, so it stays in `integration` and runs on both databases.
 */
const processFiles = [
  'test/**/*.process.test.ts',
  'test/**/*{.,-}browser.test.ts',
  'test/web/browser.test.ts',
  'test/web/media-upload.test.ts',
  'test/web/page-limits.test.ts',
  'test/web/start.test.ts',
  'test/desk/roster-export.test.ts',
  'test/desk/desk-start.test.ts',
  'test/security/shutdown.test.ts',
  'test/server/server.test.ts',
  'test/cli/service-lock.test.ts',
];
const unitFiles = ['test/unit/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // The features register with the core when src/features.ts is loaded: every file gets them, with or without an app.
    setupFiles: ['test/support/features.setup.ts'],
    maxWorkers: 3,
    // Files that start child processes run first: the run cannot end before its longest file.
    sequence: { sequencer: SpawnersFirst },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: unitFiles, pool: 'threads', isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...unitFiles, ...processFiles],
          pool: 'forks',
          isolate: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'process', include: processFiles, pool: 'forks', globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});
