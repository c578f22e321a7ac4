import type { FastifyRequest } from 'fastify';
import { lastBackups } from '../data/backups.repository.js';
import type { Db } from '../data/database.js';
import { backupSize, deskBackupTexts } from '../texts/backup.js';
import { langOf, textsOf } from './desk.context.js';
import { esc } from './desk.html.js';
import type { DeskUser } from './desk.session.js';

/** A backup older than this is warned about: one night missed is normal (the PC was off), two are not. */
export const BACKUP_WARN_MS = 2 * 24 * 3600_000;

/**
 * The settings page's backup box, for the secretary and the admin only (others see nothing): the last
 * backup written whole, a warning when it is old or missing, and a failed attempt since.
 */
export async function backupSection(
  req: FastifyRequest,
  db: Db,
  user: DeskUser,
  timezone: string,
  now: Date,
): Promise<string> {
  if (user.kind !== 'admin' && !user.member.roles.includes('secretary')) return '';
  const w = deskBackupTexts(langOf(req));
  const t = textsOf(req);
  const { ok, failed } = await lastBackups(db);
  const lines: string[] = [];
  if (!ok) lines.push(`<p class="flash error" data-backup="never">${esc(w.never)}</p>`);
  else {
    const at = ok.finishedAt!;
    lines.push(
      `<p data-backup="last">${esc(w.last(t.format.due(at, timezone), backupSize(ok.bytes ?? 0), ok.file, ok.kind))}</p>`,
    );
    const age = now.getTime() - at.getTime();
    if (age > BACKUP_WARN_MS)
      lines.push(`<p class="flash error" data-backup="old">${esc(w.old(Math.floor(age / 86_400_000)))}</p>`);
  }
  if (failed)
    lines.push(
      `<p class="flash error" data-backup="failed">${esc(w.failed(t.format.due(failed.finishedAt!, timezone), failed.error ?? ''))}</p>`,
    );
  lines.push(`<p class="muted">${esc(w.how)}</p>`);
  return `<section class="backup"><h2>${esc(w.heading)}</h2>${lines.join('')}</section>`;
}
