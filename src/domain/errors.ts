/** An error code's HTTP status and what it means in both languages. */
export interface ErrorEntry {
  status: number;
  zh: string;
  en: string;
}

/**
 * The features' error codes: a feature's *.errors.ts adds its own by declaration merging
 * (`declare module '../domain/errors.js' { interface FeatureErrors { 'rating.already_published': ErrorEntry } }`)
 * and gives them in its feature object (`errors`); the one feature list (src/features.ts) installs them here.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the features' declaration merging
export interface FeatureErrors {}

/** The core's codes. */
const coreErrors = {
  'validation.failed': { status: 400, zh: '请求的字段有误', en: 'A field of the request is invalid' },
  'body.invalid_json': { status: 400, zh: '请求体不是合法的 JSON', en: 'The body is not valid JSON' },
  'body.too_large': { status: 413, zh: '请求体太大', en: 'The body is too large' },
  'body.unsupported_media_type': { status: 415, zh: '请以 application/json 发送', en: 'Send application/json' },
  'request.invalid': { status: 400, zh: '请求有误', en: 'The request is invalid' },
  'route.not_found': { status: 404, zh: '没有这个地址', en: 'No such route' },
  'auth.missing_token': { status: 401, zh: '缺少管理令牌', en: 'The admin token is missing' },
  'auth.invalid_token': { status: 401, zh: '管理令牌无效', en: 'The admin token is not valid' },
  'webhook.secret_missing': { status: 401, zh: '缺少 webhook 密钥', en: 'The webhook secret header is missing' },
  'webhook.secret_invalid': { status: 403, zh: 'webhook 密钥不匹配', en: 'The webhook secret does not match' },
  'webhook.signature_invalid': {
    status: 401,
    zh: '平台推送的签名不对',
    en: 'The platform push is not signed with the configured token',
  },
  'webhook.invalid_update': { status: 400, zh: '平台推送的内容格式有误', en: 'The platform update is malformed' },
  'webhook.stale': {
    status: 403,
    zh: '平台推送的时间戳已过期',
    en: 'The platform push is signed with a timestamp outside the 5-minute window',
  },
  'webhook.replayed': {
    status: 409,
    zh: '平台推送的随机数已经用过',
    en: 'The platform push reuses a nonce with another message',
  },
  'webhook.encryption_required': {
    status: 403,
    zh: '安全模式下只接受加密的推送',
    en: 'Safe mode accepts only encrypted pushes',
  },
  'request.not_found': { status: 404, zh: '没有这个诉求', en: 'No such request' },
  'request.illegal_transition': {
    status: 409,
    zh: '诉求当前状态下不能这样操作',
    en: "This move is not allowed in the request's current status",
  },
  'mediation.not_found': { status: 404, zh: '没有这个调解案件', en: 'No such mediation case' },
  'mediation.illegal_transition': {
    status: 409,
    zh: '调解案件当前阶段不能这样操作',
    en: "This move is not allowed at the case's current step",
  },
  'village.not_found': { status: 404, zh: '没有这个村', en: 'No such village' },
  'identity.not_found': { status: 404, zh: '没有这个账号', en: 'No such chat account' },
  'roster.invalid': { status: 400, zh: '花名册有误', en: 'The roster is invalid' },
  'routing.no_assignee': { status: 409, zh: '村里没有可以接单的人', en: 'Nobody in the village can take the request' },
  'rate.limited': { status: 429, zh: '请求太频繁，请稍后再试', en: 'Too many requests, please try again later' },
  'origin.not_allowed': {
    status: 403,
    zh: '不接受来自这个网页地址的连接',
    en: 'Connections from this page origin are not accepted',
  },
  'deliberation.not_found': { status: 404, zh: '没有这个议事事项', en: 'No such deliberation' },
  'deliberation.illegal_transition': {
    status: 409,
    zh: '议事事项当前阶段不能这样操作',
    en: "This move is not allowed at the deliberation's current stage",
  },
  'card.not_found': {
    status: 404,
    zh: '村里没有这个住户或成员编号',
    en: 'No household or member with this code in the village',
  },
  'channel.not_configured': { status: 409, zh: '这个渠道没有配置', en: 'This channel is not configured' },
  'household.not_found': { status: 404, zh: '村里没有这一户', en: 'No such household in the village' },
  'notice.not_found': { status: 404, zh: '没有这条公告', en: 'No such notice' },
  'attachment.not_found': { status: 404, zh: '这个诉求没有这个附件', en: 'No such attachment on this request' },
  'attachment.gone': {
    status: 410,
    zh: '附件的文件已按保存期限删除或没有收下',
    en: "The attachment's file was not kept or has been deleted by retention",
  },
  'media.too_large': { status: 413, zh: '文件太大', en: 'The file is too large' },
  'web.no_session': { status: 401, zh: '网页聊天没有会话，请刷新页面', en: 'No web chat session: reload the page' },
  'media.unsupported': {
    status: 415,
    zh: '只收照片（JPEG、PNG、WebP）',
    en: 'Only photos are accepted (JPEG, PNG, WebP)',
  },
  'web.not_bound': {
    status: 403,
    zh: '请先用绑定码绑定，再发照片',
    en: "Bind with your card's code before sending photos",
  },
  'media.budget_exceeded': {
    status: 413,
    zh: '照片存得太多了，暂时不能再收，请先用文字说明，稍后再发',
    en: 'Too many photos are kept for now: please describe it in words and send the photo later',
  },
  'backup.unavailable': {
    status: 503,
    zh: '现在做不了备份（见说明）',
    en: 'A backup cannot be made now (see the message)',
  },
  'backup.corrupt': {
    status: 400,
    zh: '备份文件损坏或不完整，校验不通过',
    en: 'The backup file is damaged or incomplete: its checksums do not match',
  },
  'backup.schema_newer': {
    status: 409,
    zh: '备份来自更新版本的 Linli，请先升级再恢复',
    en: 'The backup comes from a newer Linli: upgrade before restoring',
  },
  'backup.schema_unknown': {
    status: 409,
    zh: '备份的数据库结构版本本程序不认识',
    en: "The backup's schema version is unknown to this Linli",
  },
  'backup.target_not_empty': {
    status: 409,
    zh: '恢复的目标不是空的，不会覆盖',
    en: 'The restore target is not empty; nothing is overwritten',
  },
  'backup.kind_mismatch': {
    status: 409,
    zh: '备份的数据库类型和恢复目标不一样',
    en: "The backup's database kind differs from the restore target's",
  },
  internal: { status: 500, zh: '服务内部出错', en: 'Internal error' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof coreErrors | keyof FeatureErrors;

/**
 * Every error code that crosses a boundary, with its HTTP status and what it means in both languages: the core's
 * and, once installed, the features'. `AppError` is built from this catalogue only, so a code can never be misspelt
 * at a call site and the API docs list exactly these.
 */
export const errorCatalogue = { ...coreErrors } as Record<ErrorCode, ErrorEntry>;
export const errorCodes = Object.keys(coreErrors) as ErrorCode[];

/** The features' codes join the catalogue (src/features.ts calls this when loaded; the core's codes are kept). */
export function installErrors(features: Readonly<Record<string, ErrorEntry>>): void {
  for (const code of errorCodes.splice(0, errorCodes.length))
    if (!(code in coreErrors)) Reflect.deleteProperty(errorCatalogue, code);
  Object.assign(errorCatalogue, features);
  errorCodes.push(...(Object.keys(errorCatalogue) as ErrorCode[]));
}

/** Errors that cross a boundary carry a stable code from the catalogue; the message is for logs and API callers. */
export class AppError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string = errorCatalogue[code].en,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = errorCatalogue[code].status;
  }
}
