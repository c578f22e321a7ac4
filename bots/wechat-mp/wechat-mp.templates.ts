/**
 * Template messages (`cgi-bin/message/template/send`): how a verified service account (认证服务号) still
 * reaches a person past the customer-service window. Since 2023-05-04 a template has no `first` or
 * `remark`, and each keyword value is at most 20 characters on one line; so the message names the
 * request in a few words and its `url` opens the whole text in the web chat.
 */
import type { NoticeKind, OutsideSend, RequestNotice } from '../../src/channels/channel.port.js';
import { SendError } from '../../src/channels/channel.port.js';
import { localParts } from '../../src/domain/local-time.js';
import { formatRef } from '../../src/domain/reference.js';
import { zh as templateTexts } from '../../src/texts/wechat-templates.js';
import { textsFor } from '../../src/texts/index.js';
import { type MpApi, WechatApiError } from './wechat-mp.api.js';

/** What a keyword of a template is filled with. */
export type TemplateField = 'ref' | 'kind' | 'status' | 'summary' | 'time';

export interface MpTemplate {
  id: string;
  /** Keyword name as the template lists it (`thing2`, `phrase3`…) → what fills it. */
  keywords: Record<string, TemplateField>;
}

/** WECHAT_MP_TEMPLATES, parsed: a template per message kind; `status` stands in for the kinds without one. */
export type MpTemplates = Partial<Record<NoticeKind, MpTemplate>>;

/** The keywords of a general 诉求/工单状态 template from the library, when the configuration names only its id. */
export const DEFAULT_KEYWORDS: Record<string, TemplateField> = {
  character_string1: 'ref',
  thing2: 'kind',
  phrase3: 'status',
  time4: 'time',
};

/** WeChat's 2023 rule for every keyword value. */
export const KEYWORD_MAX_CHARS = 20;
/** Tighter limits of some keyword types (类目模板 data types): a `phrase` is at most 5 characters, a `character_string` 32 of its own characters. */
const TYPE_MAX: Record<string, number> = { phrase: 5, character_string: 32, number: 32, letter: 32, car_number: 8 };

/** A value fit for the keyword `name`: one line, within its type's length, cut with … when longer. */
export function keywordValue(name: string, raw: string): string {
  const type = name.replace(/\d+$/, '');
  let value = raw.replace(/\s+/g, ' ').trim();
  if (type === 'character_string' || type === 'number' || type === 'letter') value = value.replace(/[^\w#.:-]/g, '');
  const max = Math.min(KEYWORD_MAX_CHARS, TYPE_MAX[type] ?? KEYWORD_MAX_CHARS);
  const chars = [...value];
  if (chars.length > max) value = `${chars.slice(0, max - 1).join('')}…`;
  return value || '-';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function fieldValue(field: TemplateField, n: RequestNotice): string {
  switch (field) {
    case 'ref':
      return n.label ?? (n.ref === null ? '-' : formatRef(n.ref));
    case 'kind': {
      // A mediation step or a vote is named by what it is, not by the request kind behind it.
      if (n.kind === 'mediation' || n.kind === 'vote') return templateTexts.noticeKind[n.kind];
      const kinds = textsFor('zh').kind as Record<string, string>;
      return (n.requestKind && kinds[n.requestKind]) || kinds.other || '-';
    }
    case 'status':
      return templateTexts.status[n.event] ?? templateTexts.otherStatus;
    case 'summary':
      return n.summary ?? '-';
    case 'time': {
      const p = localParts(new Date(n.at), n.timeZone);
      return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
    }
  }
}

/** The template/send body for one notice: the kind's own template, or the general `status` one. */
export function templateMessage(
  templates: MpTemplates,
  touser: string,
  n: RequestNotice,
  url: string | null,
): Record<string, unknown> | null {
  const tpl = templates[n.kind] ?? templates.status;
  if (!tpl) return null;
  const data = Object.fromEntries(
    Object.entries(tpl.keywords).map(([name, field]) => [name, { value: keywordValue(name, fieldValue(field, n)) }]),
  );
  return { touser, template_id: tpl.id, ...(url ? { url } : {}), data };
}

/** Refusals that mean the person cannot get it: invalid openid (40003), unfollowed (43004), blocked (43019). */
const NEVER: ReadonlySet<number> = new Set([40003, 43004, 43019]);
/**
 * Refusals of the template itself — invalid template_id (40037), keyword values refused (47003), template
 * banned or not the account's (43116, 40036): the message waits for the person instead (held), as without templates.
 */
const NOT_THIS_WAY: ReadonlySet<number> = new Set([40036, 40037, 43116, 47003, 48001]);

export async function sendTemplate(
  api: MpApi,
  templates: MpTemplates,
  touser: string,
  n: RequestNotice,
  url: string | null,
): Promise<OutsideSend | null> {
  const body = templateMessage(templates, touser, n, url);
  if (!body) return null;
  try {
    const got = await api.post<{ msgid?: number | string }>('/cgi-bin/message/template/send', body);
    return { via: 'template', platformMsgId: got.msgid === undefined ? null : String(got.msgid) };
  } catch (err) {
    if (!(err instanceof WechatApiError))
      throw new SendError(`wechat-mp template: ${(err as Error)?.message ?? String(err)}`, true);
    if (NOT_THIS_WAY.has(err.errcode)) return null;
    if (NEVER.has(err.errcode)) throw new SendError(err.message, false);
    throw new SendError(err.message, true);
  }
}

/** bizsend refusals that mean this way is shut for the message (43101: the person did not accept, or it was spent): held instead. */
const NOT_SUBSCRIBED: ReadonlySet<number> = new Set([43101, 40037, 47003, 40036]);

/**
 * A one-time subscription notice (订阅通知, `subscribe/bizsend`): for a person who accepted the template on a
 * page, once per acceptance; the caller has spent the acceptance. Null when WeChat will not take it that way.
 */
export async function sendSubscribe(
  api: MpApi,
  tpl: MpTemplate,
  touser: string,
  n: RequestNotice,
  url: string | null,
): Promise<OutsideSend | null> {
  const data = Object.fromEntries(
    Object.entries(tpl.keywords).map(([name, field]) => [name, { value: keywordValue(name, fieldValue(field, n)) }]),
  );
  try {
    await api.post('/cgi-bin/message/subscribe/bizsend', {
      touser,
      template_id: tpl.id,
      ...(url ? { page: url } : {}),
      data,
    });
    // bizsend answers no message id: its delivery is reported by WeChat as a subscribe_msg_sent_event, not kept here.
    return { via: 'subscribe', platformMsgId: null };
  } catch (err) {
    if (!(err instanceof WechatApiError))
      throw new SendError(`wechat-mp subscribe: ${(err as Error)?.message ?? String(err)}`, true);
    if (NOT_SUBSCRIBED.has(err.errcode)) return null;
    if (NEVER.has(err.errcode)) throw new SendError(err.message, false);
    throw new SendError(err.message, true);
  }
}
