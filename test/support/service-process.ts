import { join } from 'node:path';

/** The repository's root: spawned processes run from it, as `npm start` and `npm run linli` do. */
export const repoRoot = join(import.meta.dirname, '../..');

/** Where the run's build is: written by test/support/global-setup.ts into the environment the workers inherit. */
export const BUILD_ENV = 'LINLI_TEST_BUILD';

/**
 * The node arguments that run the service (`server`) or the CLI (`cli`) as a child process: the run's build
 * (db/build.mjs, the same esbuild transform `npm start` runs from dist/) when the global set-up made one, else
 * the sources through tsx. The build saves each spawn tsx's loader (about a second of CPU on CI's machine,
 * more when its two cores are shared); the code is the same. `tsx: true` keeps the sources, for the one check
 * that `npm run linli` itself (`tsx src/cli.ts`) starts.
 */
export function entryArgs(entry: 'server' | 'cli', opts: { tsx?: boolean } = {}): string[] {
  const build = process.env[BUILD_ENV];
  if (build && !opts.tsx) return [join(build, 'src', `${entry}.js`)];
  return ['--import', 'tsx', `src/${entry}.ts`];
}
