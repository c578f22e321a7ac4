import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { backupFileName, takeSnapshot, writeBackup } from '../backup/backup.usecase.js';
import { finishBackup, startManualBackup } from '../data/backups.repository.js';
import { AppError } from '../domain/errors.js';
import type { RouteContext } from './route.context.js';

/**
 * GET /api/v1/backup: the whole backup archive (.tar.gz), streamed. `npm run linli -- backup` calls it while
 * the service holds the embedded database; the snapshot is taken before the answer starts, so a backup
 * that cannot be made is a JSON error, never half a file.
 */
export function backupRoutes(
  app: FastifyInstance,
  ctx: Pick<RouteContext, 'database' | 'clock' | 'backupDataDir'>,
): void {
  const { database, clock, backupDataDir: dataDir } = ctx;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/backup',
    {
      schema: {
        summary: 'A backup archive of the database, the media and the manifest (application/gzip)',
        security: [{ bearer: [] }],
        querystring: z.object({
          file: z.string().max(1000).optional().describe('where the caller keeps it: recorded for the desk'),
        }),
      },
    },
    async (req, reply) => {
      if (!dataDir) throw new AppError('backup.unavailable', 'this service keeps no data folder to back up');
      const now = clock.now();
      const snapshot = await takeSnapshot(database, join(tmpdir(), `linli-${randomBytes(6).toString('hex')}.pgdump`));
      const id = await startManualBackup(database.db, now);
      const body = new PassThrough();
      writeBackup({ snapshot, dataDir, out: body, now })
        .then(
          (s) =>
            finishBackup(database.db, id, clock.now(), {
              file: req.query.file ?? null,
              bytes: s.bytes,
              sha256: s.sha256,
              schemaTag: s.manifest.schema.tag,
            }),
          (err: Error) => {
            req.log.error({ err }, 'backup failed while streaming');
            return finishBackup(database.db, id, clock.now(), { error: err.message.slice(0, 500) });
          },
        )
        .catch((err) => req.log.error({ err }, 'could not record the backup'));
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${backupFileName(now)}"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
}
