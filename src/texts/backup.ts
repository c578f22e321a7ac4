/**
 * Backups in words: the terminal's (both languages at once, as in console.ts) and the desk's (one language).
 */

interface Made {
  file: string;
  bytes: number;
  sha256: string;
  schema: string;
  media: number;
  createdAt: string;
}
interface Restored {
  file: string;
  target: string;
  schema: string;
  createdAt: string;
  requests: number;
  events: number;
  attachments: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const backupConsole = {
  made: (m: Made) =>
    [
      `备份已写好：${m.file}（${mb(m.bytes)}，照片和语音 ${m.media} 个，数据库版本 ${m.schema}，已逐个文件校验）`,
      '  请把这个文件复制到另一台电脑或 U 盘上保存。',
      `Backup written: ${m.file} (${mb(m.bytes)}, ${m.media} photos and voice notes, schema ${m.schema}, every file verified)`,
      `  sha256 ${m.sha256}. Keep a copy on another disk or PC.`,
    ].join('\n'),
  restored: (r: Restored) =>
    [
      `已从 ${r.file} 恢复到 ${r.target}：诉求 ${r.requests} 件，办理记录 ${r.events} 条，附件 ${r.attachments} 个（备份时间 ${r.createdAt}，数据库版本 ${r.schema}）`,
      '  现在可以在这里启动服务（npm start）。',
      `Restored ${r.file} into ${r.target}: ${r.requests} requests, ${r.events} events, ${r.attachments} attachments (backup of ${r.createdAt}, schema ${r.schema}).`,
      '  The service can now be started on it (npm start).',
    ].join('\n'),
  corrupt: (file: string, why: string) =>
    [
      `备份文件 ${file} 损坏或不完整，校验不通过，什么也没有恢复：${why}`,
      '  请换一份备份（例如前一天的）再试。',
      `The backup ${file} is damaged or incomplete; its checksums do not match and nothing was restored: ${why}`,
      '  Try another backup (the night before, say).',
    ].join('\n'),
  schemaNewer: (archive: string, code: string) =>
    [
      `这份备份来自更新版本的 Linli（数据库版本 ${archive}），本程序只认识到 ${code}。什么也没有恢复：请先升级 Linli，再恢复。`,
      `This backup comes from a newer Linli (schema ${archive}); this code knows up to ${code}. Nothing was restored: upgrade Linli first, then restore.`,
    ].join('\n'),
  schemaUnknown: (archive: string, code: string) =>
    [
      `这份备份的数据库版本 ${archive} 不是本程序的任何一个版本（本程序最新为 ${code}）。什么也没有恢复：请用做备份的那个版本的 Linli 恢复。`,
      `This backup's schema ${archive} is none of this code's migrations (its newest is ${code}). Nothing was restored: restore with the Linli that made it.`,
    ].join('\n'),
  notEmpty: (target: string, found: string[]) =>
    [
      `恢复的目标 ${target} 不是空的（${found.join('、')}），为免覆盖现有数据，什么也没有恢复。请指定一个新的空文件夹（--data-dir）或空数据库。`,
      `The restore target ${target} is not empty (${found.join(', ')}); nothing was restored, so nothing is overwritten. Name a new empty folder (--data-dir) or an empty database.`,
    ].join('\n'),
  kindMismatch: (archive: string, target: string) =>
    [
      `这份备份是 ${archive} 数据库的，目标是 ${target}，两者不能互相恢复。${archive === 'postgres' ? '请设置 DATABASE_URL 指向一个空的 PostgreSQL 数据库。' : '请去掉 DATABASE_URL，用 --data-dir 指定一个空文件夹。'}`,
      `This backup holds a ${archive} database and the target is ${target}; one cannot be restored into the other. ${archive === 'postgres' ? 'Set DATABASE_URL to an empty PostgreSQL database.' : 'Unset DATABASE_URL and name an empty folder with --data-dir.'}`,
    ].join('\n'),
  unavailable: (why: string) =>
    [`现在做不了备份，没有写任何文件：${why}`, `No backup could be made and no file was written: ${why}`].join('\n'),
  failed: (why: string) =>
    `备份没有完成，半截的文件已删除：${why}\nThe backup did not finish; the partial file was deleted: ${why}`,
  missing: (file: string) => `找不到文件 ${file} / No such file: ${file}`,
};

export interface DeskBackupTexts {
  heading: string;
  never: string;
  last: (when: string, size: string, file: string | null, kind: 'nightly' | 'manual') => string;
  old: (days: number) => string;
  failed: (when: string, why: string) => string;
  how: string;
}

export const zh: DeskBackupTexts = {
  heading: '数据备份',
  never: '还没有做过备份。电脑坏了数据就没了：请让技术人员运行 npm run linli -- backup，或开启每晚自动备份。',
  last: (when, size, file, kind) =>
    `上次备份：${when}，${size}${kind === 'nightly' ? '（每晚自动）' : '（手动）'}${file ? `，文件 ${file}` : ''}`,
  old: (days) => `上次备份已经是 ${days} 天前了，请检查电脑是否每天开机、备份文件夹是否可写。`,
  failed: (when, why) => `${when} 的备份没有成功：${why}`,
  how: '服务每晚自动备份（默认在数据文件夹的 backups 里，保留最近 14 份）。请定期把其中一份复制到 U 盘或另一台电脑；恢复方法见 docs/backup.md。',
};

export const en: DeskBackupTexts = {
  heading: 'Backups',
  never:
    'No backup has been made yet. If this PC breaks, the data is gone: have npm run linli -- backup run, or turn on the nightly backup.',
  last: (when, size, file, kind) =>
    `Last backup: ${when}, ${size}${kind === 'nightly' ? ' (nightly)' : ' (by hand)'}${file ? `, file ${file}` : ''}`,
  old: (days) =>
    `The last backup is ${days} days old: check that the PC is on every day and the backup folder can be written.`,
  failed: (when, why) => `The backup of ${when} failed: ${why}`,
  how: 'The service backs up every night (by default into backups in the data folder, the last 14 kept). Copy one to a USB stick or another PC now and then; how to restore: docs/backup.md.',
};

export const deskBackupTexts = (lang: 'zh' | 'en'): DeskBackupTexts => (lang === 'en' ? en : zh);
export { mb as backupSize };
