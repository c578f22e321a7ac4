import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from './domain/clock.js';

/**
 * The embedded database (PGlite) is one process's: two processes opening the same data folder would
 * corrupt it. Whoever opens it — the service, or `npm run linli` when no service runs — first holds
 * `LINLI_DATA_DIR/linli.lock`, created exclusively; a lock whose process is gone is taken over. The
 * service records its address in it, so the CLI can send its commands to the running service instead.
 */

export const LOCK_FILE = 'linli.lock';

export interface LockInfo {
  pid: number;
  /** The service, or a CLI command working on the database directly. */
  role: 'service' | 'cli';
  /** Where the service listens (http://127.0.0.1:3000), once it does. */
  address: string | null;
  startedAt: string;
  note: string;
}

export interface EmbeddedLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Records where the service listens. */
  setAddress(address: string): void;
  /** Lets go of the lock, if this process still holds it. */
  release(): void;
}

export type LockAttempt = { ok: true; lock: EmbeddedLock; tookOver: LockInfo | null } | { ok: false; holder: LockInfo };

const NOTE =
  'The embedded database in this folder is used by this process only; npm run linli sends its commands to the service at this address.';

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** Whether a process with this id is alive (a process of another user counts). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || (v.role !== 'service' && v.role !== 'cli')) return null;
    return {
      pid: v.pid,
      role: v.role,
      address: typeof v.address === 'string' ? v.address : null,
      startedAt: String(v.startedAt ?? ''),
      note: String(v.note ?? ''),
    };
  } catch {
    return null;
  }
}

/** The lock as it is now, or null when nobody holds it (no file, or an unreadable one). */
export function readLock(dataDir: string): LockInfo | null {
  try {
    return parse(readFileSync(lockPath(dataDir), 'utf8'));
  } catch {
    return null;
  }
}

/** A lock held by a live process other than this one. */
export function liveHolder(info: LockInfo | null): info is LockInfo {
  return info !== null && info.pid !== process.pid && pidAlive(info.pid);
}

const same = (a: LockInfo | null, b: LockInfo | null) =>
  a !== null && b !== null && a.pid === b.pid && a.startedAt === b.startedAt;

/** Writes the file whole under a temporary name first, so nobody ever reads half a lock. */
function writeTemp(file: string, info: LockInfo): string {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o644 });
  return tmp;
}

/**
 * Takes the data folder's lock. A live holder is answered (nothing changes); a lock left by a process
 * that is gone (or that cannot be read) is taken over, and answered as `tookOver`.
 */
export function acquireEmbeddedLock(dataDir: string, role: LockInfo['role']): LockAttempt {
  mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const info: LockInfo = {
    pid: process.pid,
    role,
    address: null,
    startedAt: systemClock.now().toISOString(),
    note: NOTE,
  };
  let tookOver: LockInfo | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = writeTemp(file, info);
    try {
      // link() fails when the lock exists: an exclusive create of a complete file.
      linkSync(tmp, file);
      return { ok: true, lock: held(file, info), tookOver };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const current = parse(text);
    if (liveHolder(current)) return { ok: false, holder: current };
    // Stale: move it aside, and make sure what was moved is the stale lock and not a newer one.
    const aside = `${file}.stale.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = parse(readFileSync(aside, 'utf8'));
    if (!same(moved, current) && liveHolder(moved)) {
      // Another process took it over between our read and the rename: give it back.
      try {
        linkSync(aside, file);
      } catch {
        /* someone else holds it now; the next attempt finds out */
      }
      unlinkSync(aside);
      continue;
    }
    unlinkSync(aside);
    tookOver = current ?? { pid: 0, role: 'service', address: null, startedAt: '', note: 'unreadable lock file' };
  }
  const holder = readLock(dataDir);
  if (holder) return { ok: false, holder };
  throw new Error(`could not take ${file}`);
}

function held(file: string, info: LockInfo): EmbeddedLock {
  let current = info;
  const mine = () => {
    try {
      return same(parse(readFileSync(file, 'utf8')), current);
    } catch {
      return false;
    }
  };
  return {
    file,
    get info() {
      return current;
    },
    setAddress(address) {
      if (!mine()) return;
      current = { ...current, address };
      renameSync(writeTemp(file, current), file);
    },
    release() {
      if (mine()) unlinkSync(file);
    },
  };
}

/**
 * The service's hold on the data folder, taken before the embedded database is opened: a second
 * service on the same folder stops here with a clear message; a stale lock is taken over (and said so);
 * the lock goes when the process exits, however it exits.
 */
export function holdServiceLock(
  dataDir: string,
  say: { held: (h: LockInfo) => string; tookOver: (h: LockInfo, file: string) => string },
): EmbeddedLock {
  const attempt = acquireEmbeddedLock(dataDir, 'service');
  if (!attempt.ok) {
    console.error(say.held(attempt.holder));
    process.exit(1);
  }
  if (attempt.tookOver) console.log(say.tookOver(attempt.tookOver, attempt.lock.file));
  process.once('exit', () => attempt.lock.release());
  return attempt.lock;
}
