// Run by `npm install` (postinstall). postgres.js 3.4.x can end the whole process when PostgreSQL drops a
// connection: a small write is deferred with setImmediate, the socket is closed (and set to null) before it
// runs, and `socket.write` throws from the timer, where no caller can catch it (upstream issues #1066, #1154,
// #1208; fix PRs #1168, #1176, #1209, unreleased in 3.4.x; 4.x is a rewrite that drizzle's driver does not
// target). This applies PR #1209's guard: the deferred write settles the pending queries with
// CONNECTION_CLOSED instead of throwing, and the teardown paths forget the cleared timer, since one left set
// stops the connection from ever flushing again after it reconnects (its buffered bytes stay: dropping them
// too hung queries in the repeated-termination test). It also catches the array-type lookup that runs after
// connecting (below). Idempotent; says so when the driver's code has moved.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARK = '/* linli: guarded nextWrite v3 */';

const edits = [
  {
    from: 'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    to: `function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  },
  // terminate() and closed(): the timer cleared and forgotten.
  {
    from: 'clearImmediate(nextWriteTimer)\n    if (socket) {',
    to: 'clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    if (socket) {',
  },
  {
    from: 'clearImmediate(nextWriteTimer)\n    socket.removeListener',
    to: 'clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    socket.removeListener',
  },
  // The array-type lookup after connecting is a promise nobody awaits: a connection dropped during it was an
  // unhandled rejection (fatal by default). Its query is already rejected and the connection reconnects;
  // ask for the types again on the next connection.
  {
    from: 'return fetchArrayTypes()',
    to: 'return fetchArrayTypes().catch(() => { needsTypes = options.fetch_types })',
  },
];

/** Patches one copy of connection.js; answers what it did. */
export function patchConnection(file) {
  if (!existsSync(file)) return 'absent';
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) return 'already';
  let out = text;
  for (const e of edits) {
    if (!out.includes(e.from)) return 'unknown';
    out = out.replace(e.from, e.to);
  }
  writeFileSync(file, out);
  return 'patched';
}

export function patchDriver(base = join(root, 'node_modules', 'postgres')) {
  return ['src/connection.js', 'cjs/src/connection.js'].map((f) => [f, patchConnection(join(base, f))]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, result] of patchDriver()) {
    if (result === 'unknown')
      console.warn(
        `linli: postgres/${file} is not the 3.4.x code this guard was written for; check db/postgres-driver.patch.mjs`,
      );
  }
}
