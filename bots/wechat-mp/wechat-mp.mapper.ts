/**
 * A push of the Official Account → what Linli does with it: a message for the core, a reply the adapter
 * already knows (the greeting, the 报事 / 说事日 buttons), or nothing (events no person is waiting on).
 */
import type { InboundAttachment, InboundMessage } from '../../src/channels/channel.port.js';
import { cleanPlace } from '../../src/domain/place.js';
import { type WxXmlObject, wxField } from '../wechat-common/wx-xml.js';

/** The custom menu's CLICK keys. */
export const MENU_KEYS = {
  report: 'LINLI_REPORT',
  mine: 'LINLI_MINE',
  sayDay: 'LINLI_SAYDAY',
  help: 'LINLI_HELP',
} as const;

/** What a click on 我的诉求 / 帮助 stands for: the command's own typed form (src/domain/commands.ts). */
const MENU_COMMANDS: Record<string, string> = { [MENU_KEYS.mine]: '我的诉求', [MENU_KEYS.help]: '帮助' };

/** A parametric QR code's scene that binds: `b` + a one-use binding token. */
export const BIND_SCENE_PREFIX = 'b';

export type MappedPush =
  | { kind: 'message'; message: InboundMessage }
  | { kind: 'reply'; text: 'welcome' | 'reportPrompt' | 'sayDayPrompt' }
  | { kind: 'ignore'; why: string }
  /** TEMPLATESENDJOBFINISH: what became of a template message (`success`, `failed:user block`, `failed: system failed`). */
  | { kind: 'delivery'; msgId: string; status: string }
  /** subscribe_msg_popup_event: the one-time subscriptions (订阅通知) the person accepted on a page. */
  | { kind: 'subscribed'; userId: string; templateIds: string[] };

const VOICE_MIME: Record<string, string> = { amr: 'audio/amr', speex: 'audio/speex', mp3: 'audio/mpeg' };

function sceneOf(doc: WxXmlObject, event: string): string | null {
  const key = wxField(doc, 'EventKey') ?? '';
  // subscribe through a QR code: `qrscene_<scene>`; SCAN by a follower: `<scene>`.
  const scene = event === 'subscribe' ? (key.startsWith('qrscene_') ? key.slice('qrscene_'.length) : '') : key;
  return scene.length > 0 ? scene : null;
}

/** The binding token a scene carries, or null for a scene that is not a binding one. */
export function bindingTokenOfScene(scene: string): string | null {
  return scene.startsWith(BIND_SCENE_PREFIX) && /^[A-Za-z0-9_-]{8,63}$/.test(scene.slice(1)) ? scene.slice(1) : null;
}

export function mapMpPush(doc: WxXmlObject): MappedPush {
  const from = wxField(doc, 'FromUserName');
  const type = wxField(doc, 'MsgType');
  const created = wxField(doc, 'CreateTime');
  if (!from || !type || !created || !/^\d{1,12}$/.test(created)) return { kind: 'ignore', why: 'fields missing' };
  const base = (messageId: string): InboundMessage => ({
    platform: 'wechat-mp',
    messageId,
    userId: from,
    chatId: from,
    chatType: 'private',
    // The Official Account gives no nickname in a push, and no language: replies are in Chinese.
    displayName: null,
    language: null,
    text: null,
    action: null,
    unsupported: null,
    source: null,
    receivedAt: new Date(Number(created) * 1000).toISOString(),
  });
  if (type === 'event') {
    const event = wxField(doc, 'Event') ?? '';
    // Events have no MsgId: WeChat says to tell them apart by sender and time.
    const message = (fields: Partial<InboundMessage>): MappedPush => ({
      kind: 'message',
      message: { ...base(`ev:${from}:${created}`), ...fields },
    });
    if (event === 'subscribe' || event === 'SCAN') {
      const scene = sceneOf(doc, event);
      const token = scene ? bindingTokenOfScene(scene) : null;
      // Scanning a card's QR code is typing the card's code: the same binding, the same throttles.
      if (token) return message({ text: `绑定 ${token}` });
      return event === 'subscribe'
        ? { kind: 'reply', text: 'welcome' }
        : { kind: 'ignore', why: 'scan without a binding scene' };
    }
    if (event === 'CLICK') {
      const key = wxField(doc, 'EventKey') ?? '';
      if (key === MENU_KEYS.report) return { kind: 'reply', text: 'reportPrompt' };
      if (key === MENU_KEYS.sayDay) return { kind: 'reply', text: 'sayDayPrompt' };
      const command = MENU_COMMANDS[key];
      return command ? message({ text: command }) : { kind: 'ignore', why: 'unknown menu key' };
    }
    if (event === 'TEMPLATESENDJOBFINISH') {
      const msgId = wxField(doc, 'MsgID') ?? wxField(doc, 'MsgId') ?? '';
      const status = (wxField(doc, 'Status') ?? '').slice(0, 120);
      return /^\d{1,24}$/.test(msgId) && status
        ? { kind: 'delivery', msgId, status }
        : { kind: 'ignore', why: 'delivery report without MsgID' };
    }
    if (event === 'subscribe_msg_popup_event') {
      const popup = doc.SubscribeMsgPopupEvent;
      const lists = popup && typeof popup === 'object' && !Array.isArray(popup) ? popup.List : undefined;
      const items = (Array.isArray(lists) ? lists : lists ? [lists] : []).filter(
        (l): l is WxXmlObject => typeof l === 'object' && !Array.isArray(l),
      );
      const templateIds = items
        .filter((l) => wxField(l, 'SubscribeStatusString') === 'accept')
        .map((l) => wxField(l, 'TemplateId') ?? '')
        .filter((id) => /^[\w-]{10,64}$/.test(id));
      return templateIds.length
        ? { kind: 'subscribed', userId: from, templateIds }
        : { kind: 'ignore', why: 'no subscription accepted' };
    }
    // unsubscribe, VIEW, LOCATION, mass-send reports: nobody waits for an answer.
    return { kind: 'ignore', why: 'event' };
  }
  const msgId = wxField(doc, 'MsgId');
  if (!msgId || !/^\d{1,24}$/.test(msgId)) return { kind: 'ignore', why: 'no MsgId' };
  const msg = base(msgId);
  const media = (a: Omit<InboundAttachment, 'size' | 'durationSec' | 'fileName'>): InboundAttachment => ({
    size: null,
    durationSec: null,
    fileName: null,
    ...a,
  });
  switch (type) {
    case 'text':
      return { kind: 'message', message: { ...msg, text: wxField(doc, 'Content') ?? '' } };
    case 'voice': {
      const mediaId = wxField(doc, 'MediaId');
      const words = (wxField(doc, 'Recognition') ?? '').trim() || null;
      const format = (wxField(doc, 'Format') ?? '').toLowerCase();
      if (!mediaId) return { kind: 'message', message: { ...msg, text: words, unsupported: words ? null : 'voice' } };
      return {
        kind: 'message',
        message: {
          ...msg,
          text: words,
          attachments: [
            media({ kind: 'voice', platformId: mediaId, mime: VOICE_MIME[format] ?? null, recognition: words }),
          ],
        },
      };
    }
    case 'image': {
      const mediaId = wxField(doc, 'MediaId');
      if (!mediaId) return { kind: 'message', message: { ...msg, unsupported: 'image' } };
      return {
        kind: 'message',
        message: {
          ...msg,
          attachments: [media({ kind: 'photo', platformId: mediaId, mime: null, recognition: null })],
        },
      };
    }
    case 'location': {
      // WeChat's points are in GCJ-02, the datum of every map in mainland China.
      const location = cleanPlace({
        lat: wxField(doc, 'Location_X'),
        long: wxField(doc, 'Location_Y'),
        label: wxField(doc, 'Label'),
        datum: 'gcj02',
      });
      return { kind: 'message', message: location ? { ...msg, location } : { ...msg, unsupported: 'location' } };
    }
    default:
      // video, shortvideo, link: said to be unreadable for now, by the core.
      return { kind: 'message', message: { ...msg, unsupported: type.slice(0, 32) } };
  }
}
