import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createTelegramChannel } from '../bots/telegram/index.js';
import { createWebChannel } from '../bots/web/index.js';
import { fallbackSessionSecret } from '../bots/web/web.session.js';
import { createWechatChannel } from '../bots/wechat/index.js';
import { createWechatMpChannel } from '../bots/wechat-mp/index.js';
import { createWecomChannel, createWecomRobotChannel } from '../bots/wecom/index.js';
import { type Database, openDatabase } from './data/database.js';
import { embeddedAdminToken } from './admin-token.js';
import type { ChannelAdapter } from './channels/adapter.js';
import type { Pacing } from './channels/channel.port.js';
import { createOfflineClassifier } from './classify/offline.classifier.js';
import { createOpenAiClassifier } from './classify/openai.classifier.js';
import { createOpenAiTranscriber } from './classify/openai.transcriber.js';
import { createFileMediaStore } from './data/media.store.js';
import { defaultUploadPolicy, type MediaOptions } from './domain/media.js';
import type { Config } from './config.js';
import { defaultIdentityPolicy, type IdentityPolicy } from './domain/binding.js';
import { defaultSla, type SlaPolicy } from './domain/deadlines.js';
import type { Classifier } from './domain/classification.js';
import type { Clock } from './domain/clock.js';
import type { BackupOptions } from './jobs/nightly-backup.js';
import type { Log } from './log.js';

/** Chooses the real parts from the configuration; tests assemble their own with fakes instead. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(
    config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.LINLI_DATA_DIR, 'pglite') },
  );
}

export function configuredAdminToken(config: Config): { token: string; generated: boolean; source: 'env' | 'file' } {
  if (config.LINLI_ADMIN_TOKEN) return { token: config.LINLI_ADMIN_TOKEN, generated: false, source: 'env' };
  return { ...embeddedAdminToken(config.LINLI_DATA_DIR), source: 'file' };
}

/** WeChat's pacing from the configuration: about a message a second per chat, with jitter, and a cap over the account. */
export function wechatPacing(config: Config): Pacing {
  return {
    perRecipientMs: config.WECHAT_PER_CHAT_MS,
    jitterMs: config.WECHAT_JITTER_MS,
    perSecond: config.WECHAT_PER_SECOND,
  };
}

/** The adapters; what they need of the core they get from the app through the port (ChannelContext). */
export function configuredChannels(config: Config, clock: Clock, log: Log): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    channels.push(
      createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        mode: config.TELEGRAM_MODE,
        apiRoot: config.TELEGRAM_API_ROOT,
        clock,
        log,
        sendPerSecond: config.TELEGRAM_SEND_PER_SECOND,
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
        ...(config.TELEGRAM_BOT_USERNAME ? { botUsername: config.TELEGRAM_BOT_USERNAME } : {}),
      }),
    );
  }
  if (config.WECHATY_PUPPET) {
    channels.push(
      createWechatChannel({
        puppet: config.WECHATY_PUPPET,
        pacing: wechatPacing(config),
        clock,
        log,
        sessionFile: join(config.LINLI_DATA_DIR, 'wechat'),
        ...(config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : {}),
      }),
    );
  }
  if (config.WECHAT_MP_APP_ID && config.WECHAT_MP_APP_SECRET && config.WECHAT_MP_TOKEN) {
    channels.push(
      createWechatMpChannel({
        appId: config.WECHAT_MP_APP_ID,
        appSecret: config.WECHAT_MP_APP_SECRET,
        token: config.WECHAT_MP_TOKEN,
        apiRoot: config.WECHAT_MP_API_ROOT,
        clock,
        log,
        mode: config.WECHAT_MP_MODE,
        ...(config.WECHAT_MP_AES_KEY ? { aesKey: config.WECHAT_MP_AES_KEY } : {}),
        ...(config.WECHAT_MP_TEMPLATES ? { templates: config.WECHAT_MP_TEMPLATES } : {}),
        ...(config.WECHAT_MP_SUBSCRIBE ? { subscribe: config.WECHAT_MP_SUBSCRIBE } : {}),
        ...(config.LINLI_PUBLIC_URL ? { publicUrl: config.LINLI_PUBLIC_URL } : {}),
        oauthRoot: config.WECHAT_MP_OAUTH_ROOT,
        webChat: Boolean(config.WEB_CHAT && config.LINLI_PUBLIC_URL),
      }),
    );
  }
  const {
    WECOM_CORP_ID: corpId,
    WECOM_AGENT_ID: agentId,
    WECOM_SECRET: secret,
    WECOM_TOKEN: token,
    WECOM_AES_KEY: aesKey,
  } = config;
  const wecomApp = Boolean(corpId && agentId && secret && token && aesKey);
  if (corpId && agentId && secret && token && aesKey) {
    channels.push(
      createWecomChannel({ corpId, agentId, secret, token, aesKey, apiRoot: config.WECOM_API_ROOT, clock, log }),
    );
  }
  // The robots' keys come from the roster (groups[].robotKey); posting to them is on with the app unless turned off.
  if (config.WECOM_ROBOTS ?? wecomApp)
    channels.push(createWecomRobotChannel({ apiRoot: config.WECOM_ROBOT_API_ROOT, log }));
  if (config.WEB_CHAT) {
    const sessionSecret =
      config.LINLI_SESSION_SECRET ??
      fallbackSessionSecret({
        dataDir: config.LINLI_DATA_DIR,
        adminToken: config.DATABASE_URL ? (config.LINLI_ADMIN_TOKEN ?? null) : null,
      });
    const wechat =
      config.WECHAT_MP_APP_ID && config.WECHAT_MP_APP_SECRET && config.LINLI_PUBLIC_URL
        ? {
            appId: config.WECHAT_MP_APP_ID,
            appSecret: config.WECHAT_MP_APP_SECRET,
            apiRoot: config.WECHAT_MP_API_ROOT,
            oauthRoot: config.WECHAT_MP_OAUTH_ROOT,
            publicUrl: (
              (url: string) => () =>
                url
            )(config.LINLI_PUBLIC_URL.replace(/\/+$/, '')),
          }
        : undefined;
    channels.push(createWebChannel({ clock, log, sessionSecret, ...(wechat ? { wechat } : {}) }));
  }
  return channels;
}

/** The offline model always; an OpenAI-compatible model in front of it when a key is configured. */
export function configuredClassifier(config: Config, log: Log): Classifier {
  const offline = createOfflineClassifier();
  if (!config.OPENAI_API_KEY) return offline;
  return createOpenAiClassifier({
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    fallback: offline,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    onFallback: (reason) => log.warn({ reason }, 'LLM classifier fell back to the offline model'),
  });
}

/** Photos and voice notes: files under LINLI_DATA_DIR/media, transcription when an OpenAI-compatible key is set. */
export function configuredMedia(config: Config): MediaOptions {
  return {
    store: createFileMediaStore(join(config.LINLI_DATA_DIR, 'media')),
    maxBytes: config.LINLI_MEDIA_MAX_BYTES,
    retentionDays: config.LINLI_MEDIA_RETENTION_DAYS,
    uploads: {
      ...defaultUploadPolicy,
      unattachedMs: config.LINLI_UPLOAD_UNATTACHED_MINUTES * 60_000,
      identityBytes: config.LINLI_UPLOAD_IDENTITY_MB * 1024 * 1024,
      deploymentBytes: config.LINLI_UPLOAD_DEPLOYMENT_MB * 1024 * 1024,
    },
    transcriber: config.OPENAI_API_KEY
      ? createOpenAiTranscriber({
          apiKey: config.OPENAI_API_KEY,
          model: config.LINLI_TRANSCRIBE_MODEL,
          ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
        })
      : null,
  };
}

/** Binding throttles and the household account limit: the defaults with LINLI_BIND_PER_SOURCE, LINLI_BIND_PER_RANGE, LINLI_BIND_DEPLOYMENT_SPIKE, LINLI_HOUSEHOLD_MAX_ACCOUNTS. */
export function configuredIdentityPolicy(config: Config): IdentityPolicy {
  return {
    ...defaultIdentityPolicy,
    perSource: config.LINLI_BIND_PER_SOURCE,
    perRange: config.LINLI_BIND_PER_RANGE,
    deploymentSpike: config.LINLI_BIND_DEPLOYMENT_SPIKE,
    householdMaxAccounts: config.LINLI_HOUSEHOLD_MAX_ACCOUNTS,
  };
}

/** The deployment's response windows: the defaults with LINLI_SLA's overrides. */
export function configuredSla(config: Config): SlaPolicy {
  const o = config.LINLI_SLA;
  const h = (x: number | undefined, fallback: number) => (x === undefined ? fallback : x * 3600_000);
  const d = (x: number | undefined, fallback: number) => (x === undefined ? fallback : x * 24 * 3600_000);
  return {
    urgentAcceptMs: h(o.urgentAcceptHours, defaultSla.urgentAcceptMs),
    urgentResolveMs: h(o.urgentResolveHours, defaultSla.urgentResolveMs),
    sameDayBy: o.sameDayBy ?? defaultSla.sameDayBy,
    eveningFrom: o.eveningFrom ?? defaultSla.eveningFrom,
    eveningAcceptMs: h(o.eveningAcceptHours, defaultSla.eveningAcceptMs),
    ordinaryResolveMs: d(o.ordinaryResolveDays, defaultSla.ordinaryResolveMs),
    disputeAcceptMs: h(o.disputeAcceptHours, defaultSla.disputeAcceptMs),
    disputeResolveMs: d(o.disputeResolveDays, defaultSla.disputeResolveMs),
  };
}

/** Backups: the data folder to archive and the nightly job (LINLI_BACKUP_DIR, LINLI_BACKUP_KEEP, LINLI_BACKUP_HOUR). */
export function configuredBackup(config: Config): BackupOptions {
  const dir =
    config.LINLI_BACKUP_DIR === 'off' ? null : (config.LINLI_BACKUP_DIR ?? join(config.LINLI_DATA_DIR, 'backups'));
  return { dataDir: config.LINLI_DATA_DIR, dir, keep: config.LINLI_BACKUP_KEEP, hour: config.LINLI_BACKUP_HOUR };
}

/** The desk's cookie-signing secret: derived from the web chat's (LINLI_SESSION_SECRET or its fallback), so the two never share a key. */
export function configuredDeskSecret(config: Config): string {
  const base =
    config.LINLI_SESSION_SECRET ??
    fallbackSessionSecret({
      dataDir: config.LINLI_DATA_DIR,
      adminToken: config.DATABASE_URL ? (config.LINLI_ADMIN_TOKEN ?? null) : null,
    });
  return createHmac('sha256', base).update('linli desk session').digest('base64url');
}
