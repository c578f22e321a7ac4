/**
 * A decrypted WeCom callback → a message for the core, or null for what nobody waits on (entering the app,
 * a location report, another app's message). A press on a task card's button (`template_card_event`) is
 * the button's callback data, exactly as a Telegram button press is.
 */
import type { InboundAttachment, InboundMessage } from '../../src/channels/channel.port.js';
import { cleanPlace } from '../../src/domain/place.js';
import { type WxXmlObject, wxField } from '../wechat-common/wx-xml.js';

const VOICE_MIME: Record<string, string> = { amr: 'audio/amr', speex: 'audio/speex', mp3: 'audio/mpeg' };

export function mapWecomCallback(doc: WxXmlObject, agentId: number): InboundMessage | null {
  const from = wxField(doc, 'FromUserName');
  const type = wxField(doc, 'MsgType');
  const created = wxField(doc, 'CreateTime');
  if (!from || !type || !created || !/^\d{1,12}$/.test(created)) return null;
  // One callback URL per app, but a message that names another app is not this app's to answer.
  const agent = wxField(doc, 'AgentID');
  if (agent !== undefined && agent !== '' && Number(agent) !== agentId) return null;
  const base = (messageId: string): InboundMessage => ({
    platform: 'wecom',
    messageId,
    userId: from,
    chatId: from,
    chatType: 'private',
    // WeCom's callback carries neither a name nor a language: replies are in Chinese.
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
    if (event !== 'template_card_event') return null;
    const key = wxField(doc, 'EventKey') ?? '';
    const task = wxField(doc, 'TaskId') ?? '';
    if (!key) return null;
    // Events have no MsgId: one press is its sender, time, card and button.
    return { ...base(`ev:${from}:${created}:${task}:${key}`.slice(0, 128)), action: key };
  }

  const msgId = wxField(doc, 'MsgId');
  if (!msgId || !/^\d{1,24}$/.test(msgId)) return null;
  const msg = base(msgId);
  const media = (a: Pick<InboundAttachment, 'kind' | 'platformId' | 'mime'>): InboundAttachment => ({
    size: null,
    durationSec: null,
    fileName: null,
    recognition: null,
    ...a,
  });
  switch (type) {
    case 'text':
      return { ...msg, text: wxField(doc, 'Content') ?? '' };
    case 'image': {
      const mediaId = wxField(doc, 'MediaId');
      return mediaId
        ? { ...msg, attachments: [media({ kind: 'photo', platformId: mediaId, mime: null })] }
        : { ...msg, unsupported: 'image' };
    }
    case 'voice': {
      const mediaId = wxField(doc, 'MediaId');
      const format = (wxField(doc, 'Format') ?? '').toLowerCase();
      return mediaId
        ? { ...msg, attachments: [media({ kind: 'voice', platformId: mediaId, mime: VOICE_MIME[format] ?? null })] }
        : { ...msg, unsupported: 'voice' };
    }
    case 'location': {
      // WeCom's points are in GCJ-02, like WeChat's.
      const location = cleanPlace({
        lat: wxField(doc, 'Location_X'),
        long: wxField(doc, 'Location_Y'),
        label: wxField(doc, 'Label'),
        datum: 'gcj02',
      });
      return location ? { ...msg, location } : { ...msg, unsupported: 'location' };
    }
    default:
      // video, link, file: said to be unreadable for now, by the core.
      return { ...msg, unsupported: type.slice(0, 32) };
  }
}
