import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  backupFileName,
  type BackupSummary,
  fileDigest,
  type Manifest,
  restoreBackup,
  type RestoreTarget,
  verifyArchive,
  writeBackupFile,
} from './backup/backup.usecase.js';
import { contentCounts, finishBackup, startManualBackup } from './data/backups.repository.js';
import { openRestored } from './data/dump.repository.js';
import { backupConsole } from './texts/backup.js';
import { configuredAdminToken, configuredSla, openConfiguredDatabase } from './compose.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Database, Db } from './data/database.js';
import { type ConfirmedLabel, confirmedLabels } from './data/labels.repository.js';
import { robotKeyBox } from './data/secret-box.js';
import { systemClock } from './domain/clock.js';
import { AppError } from './domain/errors.js';
import { acquireEmbeddedLock, type LockInfo, liveHolder, readLock } from './embedded-lock.js';
import { readEnvironment } from './env.js';
import { type CardList, cardsOf, renderCardSheet, telegramLink } from './roster/cards.js';
import { removeDemo, type RemovedVillage } from './roster/demo.js';
import { importRoster, type ImportSummary } from './roster/roster.import.js';
import { consoleTexts } from './texts/console.js';
import { createMpApi } from '../bots/wechat-mp/wechat-mp.api.js';
import { ensureMenu } from '../bots/wechat-mp/wechat-mp.menu.js';
import { MP_WEB_CHAT_PATH } from '../bots/wechat-mp/index.js';
import { createPlatformTokenStore } from './data/platform-tokens.repository.js';
import { silentLog } from './log.js';
// The features register their commands, texts and error codes with the core when the list is loaded, as in the app.
import './features.js';

/** The running service's admin API, as the CLI calls it; `download` streams an answer into a file (200) or answers the error. */
type Api = ((method: 'GET' | 'POST', path: string, body?: string) => Promise<{ status: number; body: ApiBody }>) & {
  download(path: string, file: string): Promise<{ status: number; body: ApiBody }>;
};
type ApiBody = Record<string, unknown> & { error?: { code?: string; message?: string; issues?: string[] } };

/** A command works on the database itself, or — while the service holds the embedded database — through the service. */
interface Command {
  local(db: Db, config: Config, database: Database): Promise<number>;
  remote(api: Api, address: string): Promise<number>;
}

/** A request the service surely never received (nothing could have changed), as opposed to one whose answer was lost. */
class NotDelivered extends Error {}

const rejected = (err: AppError) =>
  consoleTexts.rosterRejected((err.details?.issues as string[] | undefined) ?? [err.message]);

function rosterImport(input: unknown): Command {
  return {
    async local(db, config) {
      try {
        console.log(
          consoleTexts.imported(
            await importRoster(db, input, {
              sla: configuredSla(config),
              robotKeys: robotKeyBox(configuredAdminToken(config).token),
              actor: { audit: 'cli', label: null },
            }),
          ),
        );
        return 0;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(rejected(err));
        return 1;
      }
    },
    async remote(api, address) {
      let res;
      try {
        res = await api('POST', '/api/v1/roster', JSON.stringify(input));
      } catch (err) {
        console.error(
          err instanceof NotDelivered
            ? consoleTexts.serviceFailed(address, err.message)
            : consoleTexts.outcomeUnknown(address, (err as Error).message),
        );
        return 1;
      }
      if (res.status === 200) {
        console.log(consoleTexts.imported(res.body as unknown as ImportSummary));
        return 0;
      }
      if (res.status === 400) {
        console.error(consoleTexts.rosterRejected(res.body.error?.issues ?? [res.body.error?.message ?? 'invalid']));
        return 1;
      }
      console.error(
        consoleTexts.serviceFailed(
          address,
          `HTTP ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`.trim(),
        ),
      );
      return 1;
    },
  };
}

function cards(village: string, opts: { html?: string; bot?: string; lang?: string }, config: Config): Command {
  const bot = opts.bot ?? config.TELEGRAM_BOT_USERNAME ?? null;
  const show = async (list: CardList) => {
    console.log(consoleTexts.cardsTable(list.village, list.cards));
    if (opts.html) {
      writeFileSync(opts.html, await renderCardSheet(list, { botUsername: bot, language: opts.lang ?? 'zh' }));
      console.log(
        `\n${consoleTexts.cardsWritten(opts.html, list.cards.length, bot ? telegramLink(bot, '<code>').replace('%3Ccode%3E', '<code>') : null)}`,
      );
    }
    return 0;
  };
  return {
    async local(db) {
      try {
        return await show(await cardsOf(db, village));
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'village.not_found') throw err;
        console.error(consoleTexts.unknownVillage(village));
        return 1;
      }
    },
    async remote(api, address) {
      let res;
      try {
        res = await api('GET', `/api/v1/villages/${encodeURIComponent(village)}/cards`);
      } catch (err) {
        console.error(consoleTexts.serviceFailed(address, (err as Error).message));
        return 1;
      }
      if (res.status === 404) {
        console.error(consoleTexts.unknownVillage(village));
        return 1;
      }
      if (res.status !== 200) {
        console.error(
          consoleTexts.serviceFailed(
            address,
            `HTTP ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`.trim(),
          ),
        );
        return 1;
      }
      return show(res.body as unknown as CardList);
    },
  };
}

/** `labels export [--out file]`: the kinds residents confirmed, one labelled JSON row a line, for `npm run train -- --with`. */
function labelsExport(out: string | undefined): Command {
  const write = (labels: ConfirmedLabel[]) => {
    const text = labels.map((l) => JSON.stringify(l)).join('\n') + (labels.length ? '\n' : '');
    if (out) {
      writeFileSync(out, text);
      console.error(consoleTexts.labelsWritten(labels.length, out));
    } else process.stdout.write(text);
    return 0;
  };
  return {
    local: async (db) => write(await confirmedLabels(db)),
    remote: async (api) => {
      const res = await api('GET', '/api/v1/labels');
      if (res.status !== 200) {
        console.error(consoleTexts.serviceFailed('/api/v1/labels', res.body.error?.message ?? String(res.status)));
        return 1;
      }
      return write((res.body as unknown as { labels: ConfirmedLabel[] }).labels);
    },
  };
}

/**
 * `wechat-mp menu`: the Official Account's menu written now, with 我的诉求 → 在网页里说 opening the web chat through
 * WeChat's web authorization (LINLI_PUBLIC_URL/chat/wechat). The token is the service's, shared through the database.
 */
function mpMenu(config: Config): Command {
  const { WECHAT_MP_APP_ID: appId, WECHAT_MP_APP_SECRET: appSecret } = config;
  const webChatUrl =
    config.WEB_CHAT && config.LINLI_PUBLIC_URL
      ? `${config.LINLI_PUBLIC_URL.replace(/\/+$/, '')}${MP_WEB_CHAT_PATH}`
      : null;
  return {
    async local(db) {
      if (!appId || !appSecret || !config.WECHAT_MP_TOKEN) {
        console.error(consoleTexts.mpNotConfigured);
        return 1;
      }
      const tokens = createPlatformTokenStore(db, systemClock);
      const api = createMpApi({ appId, appSecret, apiRoot: config.WECHAT_MP_API_ROOT, tokens: () => tokens });
      const outcome = await ensureMenu(api, silentLog, webChatUrl, true);
      console.log(consoleTexts.mpMenu(outcome, webChatUrl));
      return outcome === 'not_allowed' ? 1 : 0;
    },
    async remote(api, address) {
      let res;
      try {
        res = await api('POST', '/api/v1/channels/wechat-mp/menu', '{}');
      } catch (err) {
        console.error(consoleTexts.serviceFailed(address, (err as Error).message));
        return 1;
      }
      if (res.status !== 200) {
        console.error(
          res.body.error?.code === 'channel.not_configured'
            ? consoleTexts.mpNotConfigured
            : consoleTexts.serviceFailed(
                address,
                `HTTP ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`.trim(),
              ),
        );
        return 1;
      }
      const outcome = res.body.outcome as 'created' | 'unchanged' | 'not_allowed';
      console.log(consoleTexts.mpMenu(outcome, webChatUrl));
      return outcome === 'not_allowed' ? 1 : 0;
    },
  };
}

/** `demo remove`: the demo village and everything of it, deleted (real villages untouched). */
function demoRemove(): Command {
  return {
    async local(db) {
      console.log(consoleTexts.demoRemoved(await removeDemo(db)));
      return 0;
    },
    async remote(api, address) {
      let res;
      try {
        res = await api('POST', '/api/v1/demo/remove', '{}');
      } catch (err) {
        console.error(
          err instanceof NotDelivered
            ? consoleTexts.serviceFailed(address, err.message)
            : consoleTexts.demoOutcomeUnknown(address, (err as Error).message),
        );
        return 1;
      }
      if (res.status !== 200) {
        console.error(
          consoleTexts.serviceFailed(
            address,
            `HTTP ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`.trim(),
          ),
        );
        return 1;
      }
      console.log(consoleTexts.demoRemoved((res.body as unknown as { removed: RemovedVillage[] }).removed));
      return 0;
    },
  };
}

/** What a finished backup says, once the written file was read back and every entry matched its checksum. */
async function verified(file: string, summary: Pick<BackupSummary, 'bytes' | 'sha256' | 'media'>): Promise<number> {
  const manifest = await verifyArchive(file);
  console.log(
    backupConsole.made({
      file,
      bytes: summary.bytes,
      sha256: summary.sha256,
      schema: manifest.schema.tag,
      media: summary.media,
      createdAt: manifest.createdAt,
    }),
  );
  return 0;
}

/** `backup [--out file]`: the whole database, the media and a manifest in one .tar.gz, while the service runs or not. */
function backup(out: string): Command {
  return {
    async local(db, config, database) {
      const now = systemClock.now();
      const id = await startManualBackup(db, now);
      try {
        const s = await writeBackupFile({ database, dataDir: config.LINLI_DATA_DIR, file: out, now });
        await finishBackup(db, id, systemClock.now(), {
          file: out,
          bytes: s.bytes,
          sha256: s.sha256,
          schemaTag: s.manifest.schema.tag,
        });
        return await verified(out, s);
      } catch (err) {
        await finishBackup(db, id, systemClock.now(), { error: (err as Error).message.slice(0, 500) });
        if (err instanceof AppError && err.code === 'backup.unavailable')
          console.error(backupConsole.unavailable(err.message));
        else console.error(backupConsole.failed((err as Error).message));
        return 1;
      }
    },
    async remote(api, address) {
      // Streamed by the service into a temporary name; renamed once it arrived whole and verified.
      const part = `${out}.part`;
      try {
        const res = await api.download(`/api/v1/backup?file=${encodeURIComponent(out)}`, part);
        if (res.status !== 200) {
          const code = res.body.error?.code;
          console.error(
            code === 'backup.unavailable'
              ? backupConsole.unavailable(res.body.error?.message ?? '')
              : consoleTexts.serviceFailed(
                  address,
                  `HTTP ${res.status} ${code ?? ''} ${res.body.error?.message ?? ''}`.trim(),
                ),
          );
          return 1;
        }
        const manifest = await verifyArchive(part);
        await rename(part, out);
        const { bytes, sha256 } = await fileDigest(out);
        console.log(
          backupConsole.made({
            file: out,
            bytes,
            sha256,
            schema: manifest.schema.tag,
            media: manifest.files.filter((f) => f.path.startsWith('media/')).length,
            createdAt: manifest.createdAt,
          }),
        );
        return 0;
      } catch (err) {
        await rm(part, { force: true });
        console.error(backupConsole.failed((err as Error).message));
        return 1;
      }
    },
  };
}

/** `restore <file> [--data-dir dir]`: into an empty data folder (embedded) or the empty database DATABASE_URL names. */
async function restore(file: string, config: Config, dataDirArg: string | undefined): Promise<number> {
  if (!existsSync(file)) {
    console.error(backupConsole.missing(file));
    return 1;
  }
  const dataDir = resolve(dataDirArg ?? config.LINLI_DATA_DIR);
  const target: RestoreTarget = config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL, dataDir }
    : { kind: 'pglite', dataDir };
  let lock: { release(): void } | null = null;
  if (target.kind === 'pglite') {
    // Held while restoring, so no service starts on a half-restored folder.
    const attempt = acquireEmbeddedLock(dataDir, 'cli');
    if (!attempt.ok) {
      console.error(backupConsole.notEmpty(dataDir, [`linli.lock (${attempt.holder.role} pid ${attempt.holder.pid})`]));
      return 1;
    }
    lock = attempt.lock;
    process.once('exit', () => attempt.lock.release());
  }
  let manifest: Manifest;
  try {
    manifest = await restoreBackup(file, target, { lockFile: 'linli.lock' });
  } catch (err) {
    lock?.release();
    if (!(err instanceof AppError)) throw err;
    const d = (err.details ?? {}) as Record<string, unknown>;
    if (err.code === 'backup.corrupt') console.error(backupConsole.corrupt(file, err.message));
    else if (err.code === 'backup.schema_newer')
      console.error(backupConsole.schemaNewer(String(d.archive), String(d.code)));
    else if (err.code === 'backup.schema_unknown')
      console.error(backupConsole.schemaUnknown(String(d.archive), String(d.code)));
    else if (err.code === 'backup.target_not_empty')
      console.error(backupConsole.notEmpty(String(d.target), (d.found as string[] | undefined) ?? []));
    else if (err.code === 'backup.kind_mismatch')
      console.error(backupConsole.kindMismatch(String(d.archive), String(d.target)));
    else throw err;
    return 1;
  }
  try {
    const database = await openRestored(
      target.kind === 'pglite' ? { dataDir: join(dataDir, 'pglite') } : { url: target.url },
    );
    const counts = await contentCounts(database.db).finally(() => database.close());
    console.log(
      backupConsole.restored({
        file,
        target: target.kind === 'pglite' ? dataDir : 'DATABASE_URL',
        schema: manifest.schema.tag,
        createdAt: manifest.createdAt,
        ...counts,
      }),
    );
    return 0;
  } finally {
    lock?.release();
  }
}

async function onDatabase(config: Config, cmd: Command): Promise<number> {
  if (config.DATABASE_URL) return local(config, cmd);
  // Embedded: the database is one process's. Hold it ourselves, or hand the command to the service that holds it.
  const dataDir = config.LINLI_DATA_DIR;
  const attempt = acquireEmbeddedLock(dataDir, 'cli');
  if (attempt.ok) {
    if (attempt.tookOver) console.error(consoleTexts.lockTakenOver(attempt.tookOver, attempt.lock.file));
    process.once('exit', () => attempt.lock.release());
    try {
      return await local(config, cmd);
    } finally {
      attempt.lock.release();
    }
  }
  if (attempt.holder.role === 'cli') {
    console.error(consoleTexts.cliBusy(attempt.holder, dataDir));
    return 1;
  }
  const service = await serviceAddress(dataDir, attempt.holder);
  if (!service) {
    console.error(consoleTexts.serviceNotReady(attempt.holder));
    return 1;
  }
  const address = service.replace('//0.0.0.0', '//127.0.0.1').replace('//[::]', '//[::1]');
  const token = config.LINLI_ADMIN_TOKEN ?? fileToken(dataDir);
  if (!token) {
    console.error(
      consoleTexts.serviceFailed(
        address,
        `no admin token: set LINLI_ADMIN_TOKEN (${join(dataDir, 'admin-token')} is missing)`,
      ),
    );
    return 1;
  }
  console.error(consoleTexts.viaService(address));
  return cmd.remote(adminApi(address, token), address);
}

async function local(config: Config, cmd: Command): Promise<number> {
  const database = await openConfiguredDatabase(config);
  try {
    return await cmd.local(database.db, config, database);
  } finally {
    await database.close();
  }
}

/** The service writes its address into the lock once it listens; a starting one is given a minute. */
async function serviceAddress(dataDir: string, holder: LockInfo): Promise<string | null> {
  let info: LockInfo | null = holder;
  for (let waited = 0; liveHolder(info) && info.role === 'service'; waited += 250) {
    if (info.address) return info.address;
    if (waited >= 60_000) return null;
    await new Promise((r) => setTimeout(r, 250));
    info = readLock(dataDir);
  }
  return null;
}

function fileToken(dataDir: string): string | null {
  try {
    return readFileSync(join(dataDir, 'admin-token'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

const neverSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function adminApi(address: string, token: string): Api {
  const call = async (method: 'GET' | 'POST', path: string, body?: string) => {
    let res: Response;
    try {
      res = await fetch(`${address}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(300_000),
      });
    } catch (err) {
      const cause = (err as Error).cause as NodeJS.ErrnoException | undefined;
      // Refused, unresolvable, unreachable or a refused address: the request never reached the service.
      if (cause?.code && neverSent.has(cause.code)) throw new NotDelivered(`${cause.code} ${address}`);
      if (cause?.message === 'bad port' || (err as Error).message.includes('Invalid URL'))
        throw new NotDelivered(`${cause?.message ?? (err as Error).message} ${address}`);
      throw err;
    }
    const text = await res.text();
    let parsed: ApiBody;
    try {
      parsed = JSON.parse(text) as ApiBody;
    } catch {
      parsed = { error: { message: text.slice(0, 200) } };
    }
    return { status: res.status, body: parsed };
  };
  const download = async (path: string, file: string) => {
    const res = await fetch(`${address}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) {
      const text = await res.text();
      let parsed: ApiBody;
      try {
        parsed = JSON.parse(text) as ApiBody;
      } catch {
        parsed = { error: { message: text.slice(0, 200) } };
      }
      return { status: res.status, body: parsed };
    }
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(file, { mode: 0o600 }));
    return { status: 200, body: {} };
  };
  return Object.assign(call, { download });
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        html: { type: 'string' },
        bot: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
      },
    });
  } catch {
    console.error(consoleTexts.cliUsage);
    return 2;
  }
  const [area, arg1, arg2] = parsed.positionals;
  if (area === 'roster' && arg1 === 'import' && arg2) {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(arg2, 'utf8'));
    } catch (err) {
      console.error(consoleTexts.cannotRead(arg2, (err as Error).message));
      return 1;
    }
    const config = loadConfig(readEnvironment());
    return onDatabase(config, rosterImport(input));
  }
  if (area === 'cards' && arg1 && !arg2) {
    const config = loadConfig(readEnvironment());
    const { html, bot, lang } = parsed.values;
    return onDatabase(
      config,
      cards(arg1, { ...(html ? { html } : {}), ...(bot ? { bot } : {}), ...(lang ? { lang } : {}) }, config),
    );
  }
  if (area === 'demo' && arg1 === 'remove' && !arg2) {
    return onDatabase(loadConfig(readEnvironment()), demoRemove());
  }
  if (area === 'wechat-mp' && arg1 === 'menu' && !arg2) {
    const config = loadConfig(readEnvironment());
    return onDatabase(config, mpMenu(config));
  }
  if (area === 'labels' && arg1 === 'export' && !arg2) {
    return onDatabase(loadConfig(readEnvironment()), labelsExport(parsed.values.out));
  }
  if (area === 'backup' && !arg1) {
    return onDatabase(
      loadConfig(readEnvironment()),
      backup(resolve(parsed.values.out ?? backupFileName(systemClock.now()))),
    );
  }
  if (area === 'restore' && arg1 && !arg2) {
    return restore(resolve(arg1), loadConfig(readEnvironment()), parsed.values['data-dir']);
  }
  console.error(consoleTexts.cliUsage);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
