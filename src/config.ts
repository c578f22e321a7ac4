import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const optionalString = z.string().trim().min(1).optional().catch(undefined);
const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Fastify's trustProxy from LINLI_TRUST_PROXY; null when the value is not one of the accepted forms. */
export function parseTrustProxy(raw: string | undefined): boolean | number | string[] | null {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') return true;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const address = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
  return list.length > 0 && list.every((a) => named.includes(a) || address.safeParse(a).success) ? list : null;
}

/** OPEN311_API_KEYS (`county:k3y…,fms:…`) as named keys; null when malformed. The name says in the ledger which system filed. */
export function parseOpen311Keys(raw: string | undefined): { name: string; key: string }[] | null {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const out: { name: string; key: string }[] = [];
  for (const [i, entry] of list.entries()) {
    const at = entry.indexOf(':');
    const name = at > 0 ? entry.slice(0, at) : `client${i + 1}`;
    const key = at > 0 ? entry.slice(at + 1) : entry;
    if (!/^[\w.-]{1,40}$/.test(name) || !/^[\w-]{16,200}$/.test(key)) return null;
    out.push({ name, key });
  }
  return out;
}

const hours = z
  .number()
  .positive()
  .max(24 * 90);
const slaOverrides = z.strictObject({
  urgentAcceptHours: hours.optional(),
  urgentResolveHours: hours.optional(),
  sameDayBy: z.number().int().min(1).max(24).optional(),
  eveningFrom: z.number().int().min(0).max(23).optional(),
  eveningAcceptHours: hours.optional(),
  ordinaryResolveDays: hours.optional(),
  disputeAcceptHours: hours.optional(),
  disputeResolveDays: hours.optional(),
});

/** A template's keyword names (`thing2`, `phrase3`…) → what fills them; WeChat dropped `first` and `remark` in 2023. */
const templateField = z.enum(['ref', 'kind', 'status', 'summary', 'time']);
const templateKeywords = z
  .record(
    z
      .string()
      .regex(
        /^[a-z_]+\d{1,2}$/,
        'a keyword name as the template lists it, e.g. thing2 (first and remark are gone since 2023)',
      ),
    templateField,
  )
  .refine((k) => Object.keys(k).length >= 1 && Object.keys(k).length <= 5, 'between 1 and 5 keywords');
const templateId = z.string().regex(/^[\w-]{10,64}$/, 'a template id from 模板消息 → 我的模板');
const DEFAULT_TEMPLATE_KEYWORDS = {
  character_string1: 'ref',
  thing2: 'kind',
  phrase3: 'status',
  time4: 'time',
} as const;
const template = z
  .union([templateId, z.strictObject({ id: templateId, keywords: templateKeywords.optional() })])
  .transform((t) =>
    typeof t === 'string'
      ? { id: t, keywords: { ...DEFAULT_TEMPLATE_KEYWORDS } }
      : { id: t.id, keywords: t.keywords ?? { ...DEFAULT_TEMPLATE_KEYWORDS } },
  );
/** WECHAT_MP_TEMPLATES: a JSON object from a message kind to a template; `status` (the general one) is required. */
const mpTemplates = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON: write e.g. {"status":"<template id>"}' });
      return z.NEVER;
    }
  })
  .pipe(
    z.strictObject(
      {
        status: template,
        receipt: template.optional(),
        resolved: template.optional(),
        mediation: template.optional(),
        vote: template.optional(),
      },
      {
        error: (i) =>
          i.code === 'unrecognized_keys'
            ? 'kinds are status, receipt, resolved, mediation, vote'
            : 'needs at least {"status":"<template id>"}',
      },
    ),
  );

/** Every setting the service reads, parsed once at startup; nothing else touches process.env. */
export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
        .optional(),
    ),
    LINLI_DATA_DIR: z.string().min(1).default('./data'),
    LINLI_ADMIN_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    /** The demo village (a sandbox with public codes): created, and its codes accepted, only when this is true or `npm start -- --demo`. */
    LINLI_DEMO: z.preprocess(emptyAsUndefined, bool.default(false)),
    TELEGRAM_BOT_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC-DEF…')
        .optional(),
    ),
    TELEGRAM_MODE: z.preprocess(emptyAsUndefined, z.enum(['webhook', 'polling']).default('polling')),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'letters, digits, _ and - only')
        .optional(),
    ),
    TELEGRAM_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    TELEGRAM_API_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://api.telegram.org')),
    TELEGRAM_BOT_USERNAME: optionalString,
    TELEGRAM_SEND_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(30),
    WECHATY_PUPPET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^(@[\w-]+\/)?wechaty-puppet-[\w-]+$/, 'a puppet package, e.g. wechaty-puppet-service')
        .optional(),
    ),
    WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
    WECHAT_PER_CHAT_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    WECHAT_JITTER_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    WECHAT_PER_SECOND: z.coerce.number().int().min(1).max(100).default(2),
    /** The Official Account (公众号): enabled when the AppID, AppSecret and Token are all set. */
    WECHAT_MP_APP_ID: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^wx[0-9a-f]{16}$/i, 'an AppID looks like wx followed by 16 hex digits')
        .optional(),
    ),
    WECHAT_MP_APP_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[0-9A-Za-z]{16,64}$/, 'the AppSecret from 设置与开发 → 基本配置')
        .optional(),
    ),
    WECHAT_MP_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9]{3,32}$/, '3–32 letters or digits, as typed in the server configuration')
        .optional(),
    ),
    /** The 43-character EncodingAESKey: turns on safe mode (encrypted pushes and replies). */
    WECHAT_MP_AES_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9]{43}$/, 'the EncodingAESKey is 43 letters or digits')
        .optional(),
    ),
    /**
     * Which pushes the Official Account takes, as chosen under 消息加解密方式: `safe` (encrypted only; the default
     * when WECHAT_MP_AES_KEY is set), `compatible` (plaintext too: must be chosen explicitly), `plain` (the default without a key).
     */
    WECHAT_MP_MODE: z.preprocess(emptyAsUndefined, z.enum(['plain', 'compatible', 'safe']).optional()),
    WECHAT_MP_API_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://api.weixin.qq.com')),
    /** Template messages past the 48-hour window (verified service accounts): see the README's worked example. */
    WECHAT_MP_TEMPLATES: z.preprocess(emptyAsUndefined, mpTemplates.optional()),
    /** The 订阅通知 template (an id, or {"id", "keywords"}) residents accept on the web chat page: one notice past the window per acceptance. */
    WECHAT_MP_SUBSCRIBE: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .transform((raw, ctx) => {
          if (/^[\w-]{10,64}$/.test(raw)) return raw;
          try {
            return JSON.parse(raw) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'a template id, or JSON {"id": …, "keywords": {…}}' });
            return z.NEVER;
          }
        })
        .pipe(template)
        .optional(),
    ),
    /** Where phones are sent for web authorization (snsapi_base); tests point it at the fake. */
    WECHAT_MP_OAUTH_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://open.weixin.qq.com')),
    /** The service's public https address: template messages' links and the web authorization's redirect. */
    LINLI_PUBLIC_URL: z.preprocess(
      emptyAsUndefined,
      z
        .url({ protocol: /^https?$/, error: 'the address phones reach the service at, e.g. https://linli.example.cn' })
        .optional(),
    ),
    /** The WeCom (企业微信) self-built app for village cadres: enabled when all five of these are set. */
    WECOM_CORP_ID: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9]{6,32}$/, 'the 企业ID from 我的企业 → 企业信息 (letters and digits, e.g. ww…)')
        .optional(),
    ),
    WECOM_AGENT_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(2_147_483_647).optional()),
    WECOM_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,64}$/, "the app's Secret from 应用管理 → the app")
        .optional(),
    ),
    WECOM_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9]{1,32}$/, 'up to 32 letters or digits, as set under 接收消息 → Token')
        .optional(),
    ),
    WECOM_AES_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9]{43}$/, 'the EncodingAESKey is 43 letters or digits')
        .optional(),
    ),
    WECOM_API_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://qyapi.weixin.qq.com')),
    /** Post broadcasts to the groups' WeCom robots (roster `groups[].robotKey`); on by default when the WeCom app is configured. */
    WECOM_ROBOTS: z.preprocess(emptyAsUndefined, bool.optional()),
    /** Where group robots' webhooks are called (tests point it at a fake). */
    WECOM_ROBOT_API_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://qyapi.weixin.qq.com')),
    WEB_CHAT: z.preprocess(emptyAsUndefined, bool.default(true)),
    LINLI_SESSION_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    OPENAI_API_KEY: optionalString,
    OPENAI_MODEL: z.preprocess(emptyAsUndefined, z.string().min(1).default('gpt-4o-mini')),
    OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(8000),
    /** The speech-to-text model for voice notes without the platform's own recognition (with OPENAI_API_KEY). */
    LINLI_TRANSCRIBE_MODEL: z.preprocess(emptyAsUndefined, z.string().min(1).default('whisper-1')),
    /** Largest photo, voice note or file taken from a chat; larger ones are refused with a word. */
    LINLI_MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Photos and voice notes of requests finished longer ago than this are deleted (the rows stay, marked deleted). */
    LINLI_MEDIA_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    /** A web chat photo no message names within this many minutes is deleted. */
    LINLI_UPLOAD_UNATTACHED_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** Megabytes one web chat identity may upload in a day (counted while kept); more is refused politely. */
    LINLI_UPLOAD_IDENTITY_MB: z.coerce.number().int().min(1).max(10_000).default(20),
    /** Megabytes the whole web chat may upload in a day (counted while kept): the disk's ceiling against many identities. */
    LINLI_UPLOAD_DEPLOYMENT_MB: z.coerce.number().int().min(1).max(10_000_000).default(1024),
    /** Response windows as JSON, e.g. {"urgentAcceptHours":2,"sameDayBy":20,"disputeResolveDays":15}; unset keys keep the defaults. */
    LINLI_SLA: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .transform((raw, ctx) => {
          if (raw === undefined) return {};
          try {
            return slaOverrides.parse(JSON.parse(raw));
          } catch (err) {
            ctx.addIssue({
              code: 'custom',
              message: `must be JSON with keys ${Object.keys(slaOverrides.shape).join(', ')} (${(err as Error).message.slice(0, 120)})`,
            });
            return z.NEVER;
          }
        }),
    ),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    /** Wrong binding codes from one network address (any number of web accounts) in 10 minutes before it waits. */
    LINLI_BIND_PER_SOURCE: z.coerce.number().int().min(1).max(100_000).default(10),
    /** Wrong binding codes from one network range (IPv4 /24, IPv6 /48) in 10 minutes before every address of it waits. */
    LINLI_BIND_PER_RANGE: z.coerce.number().int().min(1).max(1_000_000).default(30),
    /** Wrong binding codes deployment-wide in 10 minutes after which binding from the web waits for everyone: a last resort. */
    LINLI_BIND_DEPLOYMENT_SPIKE: z.coerce.number().int().min(1).max(10_000_000).default(2000),
    /** Accounts one household may have bound at once. */
    LINLI_HOUSEHOLD_MAX_ACCOUNTS: z.coerce.number().int().min(1).max(100).default(5),
    /** Which proxies to believe about the client's address (X-Forwarded-For): false, true, a number of hops, or addresses/subnets. */
    LINLI_TRUST_PROXY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .transform((raw, ctx) => {
          const parsed = parseTrustProxy(raw);
          if (parsed === null) {
            ctx.addIssue({
              code: 'custom',
              message:
                'false, true, a number of hops, or a comma list of addresses/subnets (e.g. 127.0.0.1,10.0.0.0/8)',
            });
            return z.NEVER;
          }
          return parsed;
        }),
    ),
    /** Origins besides the page's own host allowed to open the web chat's WebSocket, e.g. https://linli.example.org. */
    LINLI_WEB_ORIGINS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .transform((raw, ctx) => {
          const list = (raw ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          const bad = list.find((o) => !/^https?:\/\/[^/\s]+$/i.test(o));
          if (bad) {
            ctx.addIssue({
              code: 'custom',
              message: `each origin is scheme://host[:port] without a path (${bad.slice(0, 60)})`,
            });
            return z.NEVER;
          }
          return list.map((o) => o.toLowerCase());
        }),
    ),
    /** Longest a request may take to arrive whole (headers and body); a trickled body is cut off after it. */
    LINLI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    /** Open311 GeoReport v2 clients allowed to file requests: `name:key` pairs separated by commas (keys of 16+ characters). */
    OPEN311_API_KEYS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .transform((raw, ctx) => {
          const keys = parseOpen311Keys(raw);
          if (keys === null) {
            ctx.addIssue({
              code: 'custom',
              message:
                'name:key pairs separated by commas, each key 16–200 characters of letters, digits, - and _ (e.g. county:k3y…)',
            });
            return z.NEVER;
          }
          return keys;
        }),
    ),
    /** How long a graceful shutdown may take (finishing requests, the outbox, closing the database) before the process exits anyway. */
    LINLI_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    /** Where the nightly backup archives go (another disk or a USB stick, ideally); default LINLI_DATA_DIR/backups; `off`: no nightly backup. */
    LINLI_BACKUP_DIR: optionalString,
    /** How many nightly backup archives are kept; older ones are deleted. */
    LINLI_BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(14),
    /** From this hour (village time) the night's backup is made; a PC switched off at night makes it when it is next on. */
    LINLI_BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(2),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_MODE === 'webhook' && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required when TELEGRAM_MODE=webhook',
      });
    }
    if (c.WECHATY_PUPPET === 'wechaty-puppet-service' && !c.WECHATY_PUPPET_SERVICE_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHATY_PUPPET_SERVICE_TOKEN'],
        message: 'is required with WECHATY_PUPPET=wechaty-puppet-service',
      });
    }
    const mp = {
      WECHAT_MP_APP_ID: c.WECHAT_MP_APP_ID,
      WECHAT_MP_APP_SECRET: c.WECHAT_MP_APP_SECRET,
      WECHAT_MP_TOKEN: c.WECHAT_MP_TOKEN,
    };
    if (Object.values(mp).some(Boolean) || c.WECHAT_MP_AES_KEY) {
      for (const [name, value] of Object.entries(mp)) {
        if (!value)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message:
              'is required for the Official Account (WECHAT_MP_APP_ID, WECHAT_MP_APP_SECRET, WECHAT_MP_TOKEN go together)',
          });
      }
    }
    if ((c.WECHAT_MP_MODE === 'safe' || c.WECHAT_MP_MODE === 'compatible') && !c.WECHAT_MP_AES_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_MP_AES_KEY'],
        message: `is required with WECHAT_MP_MODE=${c.WECHAT_MP_MODE} (the EncodingAESKey from 服务器配置)`,
      });
    }
    const wecom = {
      WECOM_CORP_ID: c.WECOM_CORP_ID,
      WECOM_AGENT_ID: c.WECOM_AGENT_ID,
      WECOM_SECRET: c.WECOM_SECRET,
      WECOM_TOKEN: c.WECOM_TOKEN,
      WECOM_AES_KEY: c.WECOM_AES_KEY,
    };
    if (Object.values(wecom).some((v) => v !== undefined)) {
      for (const [name, value] of Object.entries(wecom)) {
        if (value === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message:
              'is required for WeCom (WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY go together)',
          });
      }
    }
    if (c.DATABASE_URL && !c.LINLI_ADMIN_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['LINLI_ADMIN_TOKEN'],
        message: 'is required with DATABASE_URL (a shared server needs a chosen token)',
      });
    }
  })
  .transform((c) => ({
    ...c,
    WECHAT_MP_MODE: c.WECHAT_MP_MODE ?? (c.WECHAT_MP_AES_KEY ? ('safe' as const) : ('plain' as const)),
  }));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
  const names = parsed.error.issues.map((i) => String(i.path[0] ?? '?'));
  throw new ConfigError(names, `Invalid configuration:\n${lines.join('\n')}`);
}
