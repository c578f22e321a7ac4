import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchive } from '../../src/backup/backup.usecase.js';
import { finishBackup, lastBackups, startManualBackup } from '../../src/data/backups.repository.js';
import { atLocal } from '../../src/domain/local-time.js';
import { nightlyBackup } from '../../src/jobs/nightly-backup.js';
import { bound, deskGet, loginCookie } from '../desk/desk-support.js';
import { type Harness, startHarness } from '../support/harness.js';

// The nightly job (village time, once a night, old archives pruned) and what the desk says about backups.
const dir = mkdtempSync(join(tmpdir(), 'linli-nightly-'));
const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as never;

describe('nightly backup and the desk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the desk tells the secretary there is no backup yet, shows the last one, and warns when it is over two days old; a group leader sees none of it', async () => {
    const secretary = await loginCookie(h, await bound(h, 7401, '韩书记', '700001'), 's-01', 'xiaoyingdian');
    const leader = await loginCookie(h, await bound(h, 7402, '吴组长', '700303'), 'l-03', 'xiaoyingdian');
    let page = await deskGet(h, secretary, '/desk/settings');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-backup="never"');
    expect(page.text).toContain('还没有做过备份');

    const now = h.clock.now();
    const id = await startManualBackup(h.database.db, new Date(now.getTime() - 3 * 86_400_000));
    await finishBackup(h.database.db, id, new Date(now.getTime() - 3 * 86_400_000), {
      file: '/mnt/usb/linli-backup-old.tar.gz',
      bytes: 5 * 1024 * 1024,
      sha256: 'a'.repeat(64),
      schemaTag: '0020_backups',
    });
    page = await deskGet(h, secretary, '/desk/settings');
    expect(page.text).toContain('data-backup="last"');
    expect(page.text).toContain('/mnt/usb/linli-backup-old.tar.gz');
    expect(page.text).toContain('上次备份已经是 3 天前了');

    const fresh = await startManualBackup(h.database.db, now);
    await finishBackup(h.database.db, fresh, now, {
      file: '/mnt/usb/linli-backup-new.tar.gz',
      bytes: 1024 * 1024,
      sha256: 'b'.repeat(64),
      schemaTag: '0020_backups',
    });
    page = await deskGet(h, secretary, '/desk/settings');
    expect(page.text).toContain('/mnt/usb/linli-backup-new.tar.gz');
    expect(page.text).not.toContain('data-backup="old"');

    const other = await deskGet(h, leader, '/desk/settings');
    expect(other.status).toBe(200);
    expect(other.text).not.toContain('data-backup');
  });

  it("makes the night's backup once from the hour on (village time), keeps the newest LINLI_BACKUP_KEEP and records it", async () => {
    const out = join(dir, 'nightly');
    mkdirSync(out, { recursive: true });
    // Three older archives and an unrelated file: the oldest archives go, the other file stays.
    for (const name of [
      'linli-backup-20200101-020000Z.tar.gz',
      'linli-backup-20200102-020000Z.tar.gz',
      'linli-backup-20200103-020000Z.tar.gz',
      'notes.txt',
    ]) {
      writeFileSync(join(out, name), 'old');
    }
    const job = nightlyBackup(h.database, { dataDir: join(dir, 'data'), dir: out, keep: 2, hour: 2 }, h.clock, silent);
    const p = (hour: number, minute = 0) => atLocal('Asia/Shanghai', 2031, 3, 15, hour, minute);
    expect(await job.due(p(1, 59))).toBeNull();
    const run = await job.due(p(2, 0));
    expect(run).not.toBeNull();
    await run!.done;
    expect(await job.due(p(2, 1))).toBeNull();
    expect(await job.due(p(23, 59))).toBeNull();
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'linli-backup-20200103-020000Z.tar.gz',
      `linli-backup-20310314-180000Z.tar.gz`,
      'notes.txt',
    ]);
    const manifest = await verifyArchive(join(out, 'linli-backup-20310314-180000Z.tar.gz'));
    expect(manifest.createdAt).toBe(p(2, 0).toISOString());
    const { ok } = await lastBackups(h.database.db);
    expect(ok).toMatchObject({
      kind: 'nightly',
      night: '2031-03-15',
      file: join(out, 'linli-backup-20310314-180000Z.tar.gz'),
      schemaTag: manifest.schema.tag,
    });
    // The next night is due again.
    const next = await job.due(atLocal('Asia/Shanghai', 2031, 3, 16, 8, 30));
    expect(next).not.toBeNull();
    await next!.done;
    expect(readdirSync(out).filter((n) => n.startsWith('linli-backup-'))).toHaveLength(2);
  });
});
