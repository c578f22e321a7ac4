import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { backupFileName, pruneBackups, writeBackupFile } from '../backup/backup.usecase.js';
import { claimNightlyBackup, finishBackup } from '../data/backups.repository.js';
import type { Database } from '../data/database.js';
import { allVillages } from '../data/people.repository.js';
import type { Clock } from '../domain/clock.js';
import { localParts } from '../domain/local-time.js';
import type { Log } from '../log.js';

export interface BackupOptions {
  /** The data folder: its media and (embedded) keys go into the archive. */
  dataDir: string;
  /** Where the nightly archives are written (LINLI_BACKUP_DIR); null: no nightly backup. */
  dir: string | null;
  /** How many nightly archives are kept (LINLI_BACKUP_KEEP). */
  keep: number;
  /** From this hour of village time the night's backup is due (an office PC switched off at night makes it when it is on again). */
  hour: number;
}

const ZONE_TTL_MS = 3_600_000;

export interface NightlyBackup {
  /** Starts the night's backup when it is due and nobody made it yet; answers the run (tests wait for it), or null. */
  due(now: Date): Promise<{ done: Promise<void> } | null>;
}

/**
 * The service's own backup, once a night (village time of the first village; Asia/Shanghai without one):
 * the tick asks each minute, the first tick past the hour claims the night in the database, and the
 * archive is written beside the ticks (a large media folder takes minutes, the tick must not wait).
 */
export function nightlyBackup(database: Database, opts: BackupOptions, clock: Clock, log: Log): NightlyBackup {
  let running: Promise<void> | null = null;
  // The night this process claimed, or found claimed by another: the ticks after it read nothing until the next night.
  let settledNight: string | null = null;
  // The village's time zone, read again once an hour rather than every minute.
  let zone: { timezone: string; readAt: number } | null = null;
  return {
    async due(now) {
      if (!opts.dir || running) return null;
      if (!zone || now.getTime() - zone.readAt >= ZONE_TTL_MS || now.getTime() < zone.readAt) {
        zone = { timezone: (await allVillages(database.db))[0]?.timezone ?? 'Asia/Shanghai', readAt: now.getTime() };
      }
      const p = localParts(now, zone.timezone);
      if (p.hour < opts.hour) return null;
      const night = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
      if (night === settledNight) return null;
      const id = await claimNightlyBackup(database.db, night, now);
      settledNight = night;
      if (id === null) return null;
      const dir = opts.dir;
      running = (async () => {
        const file = join(dir, backupFileName(now));
        try {
          await mkdir(dir, { recursive: true });
          const s = await writeBackupFile({ database, dataDir: opts.dataDir, file, now });
          await finishBackup(database.db, id, clock.now(), {
            file,
            bytes: s.bytes,
            sha256: s.sha256,
            schemaTag: s.manifest.schema.tag,
          });
          const pruned = await pruneBackups(dir, opts.keep);
          log.info({ file, bytes: s.bytes, media: s.media, pruned: pruned.length }, 'nightly backup written');
        } catch (err) {
          log.error({ err, dir }, 'nightly backup failed');
          await finishBackup(database.db, id, clock.now(), { error: (err as Error).message.slice(0, 500) }).catch(
            () => {},
          );
        } finally {
          running = null;
        }
      })();
      return { done: running };
    },
  };
}
