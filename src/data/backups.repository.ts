import { and, count, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { attachments, backups, requestEvents, requests } from '../../db/schema.js';
import type { Db } from './database.js';

export interface BackupRow {
  id: number;
  kind: 'nightly' | 'manual';
  night: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  file: string | null;
  bytes: number | null;
  sha256: string | null;
  schemaTag: string | null;
  error: string | null;
}

/**
 * Claims a night's backup: the row is inserted once per night whatever the number of instances or ticks;
 * answers its id, or null when the night was already claimed.
 */
export async function claimNightlyBackup(db: Db, night: string, now: Date): Promise<number | null> {
  const [row] = await db.insert(backups).values({ kind: 'nightly', night, startedAt: now }).onConflictDoNothing().returning({ id: backups.id });
  return row?.id ?? null;
}

export async function startManualBackup(db: Db, now: Date): Promise<number> {
  const [row] = await db.insert(backups).values({ kind: 'manual', startedAt: now }).returning({ id: backups.id });
  return row!.id;
}

export async function finishBackup(db: Db, id: number, now: Date, result: { file: string | null; bytes: number; sha256: string; schemaTag: string } | { error: string }): Promise<void> {
  await db.update(backups).set({ finishedAt: now, ...result }).where(eq(backups.id, id));
}

/** The last backup that was written whole, and the last attempt that failed after it (if any). */
export async function lastBackups(db: Db): Promise<{ ok: BackupRow | null; failed: BackupRow | null }> {
  const [ok] = await db.select().from(backups).where(and(isNotNull(backups.finishedAt), isNull(backups.error))).orderBy(desc(backups.finishedAt)).limit(1);
  const [failed] = await db.select().from(backups).where(isNotNull(backups.error)).orderBy(desc(backups.finishedAt)).limit(1);
  const okRow = (ok as BackupRow | undefined) ?? null;
  const failedRow = (failed as BackupRow | undefined) ?? null;
  return { ok: okRow, failed: failedRow && (!okRow || failedRow.finishedAt! > okRow.finishedAt!) ? failedRow : null };
}

/** What a restore is checked by: requests, their events and attachments, counted. */
export async function contentCounts(db: Db): Promise<{ requests: number; events: number; attachments: number }> {
  const [r] = await db.select({ n: count() }).from(requests);
  const [e] = await db.select({ n: count() }).from(requestEvents);
  const [a] = await db.select({ n: count() }).from(attachments);
  return { requests: r!.n, events: e!.n, attachments: a!.n };
}
