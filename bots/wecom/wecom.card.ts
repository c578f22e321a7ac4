/**
 * OutboundMessage → the body of WeCom's `message/send`. A message with buttons becomes a button-interaction
 * template card (按钮交互型模板卡片) whose buttons carry the same callback data as Telegram's, so a press comes
 * back as the same action; when the card cannot hold the message whole (WeCom shows about 26 characters of
 * title, 112 of text and 6 buttons) it is sent as text with the typed forms of the buttons instead — a card
 * never cuts a word of what it says.
 */
import type { OutboundMessage } from '../../src/channels/channel.port.js';
import { textsFor } from '../../src/texts/index.js';
import { textWithChoices } from '../wechat-common/wx-buttons.js';

export const CARD_LIMITS = { title: 26, subTitle: 112, buttons: 6, buttonText: 10, keyBytes: 1024 } as const;

const cjk = /[\u3400-\u9fff]/;

const zhOf = (message: Pick<OutboundMessage, 'text' | 'buttons'>) =>
  (message.buttons?.flat() ?? []).some((b) => cjk.test(b.label)) || cjk.test(message.text);

export interface TemplateCard {
  card_type: 'button_interaction';
  main_title: { title: string };
  sub_title_text?: string;
  task_id: string;
  button_list: { text: string; key: string }[];
}

/** The card for a message with buttons, or null when it does not fit one. */
export function templateCardOf(message: OutboundMessage, taskId: string): TemplateCard | null {
  const buttons = message.buttons?.flat() ?? [];
  if (buttons.length === 0 || buttons.length > CARD_LIMITS.buttons) return null;
  if (
    buttons.some(
      (b) => [...b.label].length > CARD_LIMITS.buttonText || Buffer.byteLength(b.data) > CARD_LIMITS.keyBytes,
    )
  )
    return null;
  // WeCom wants the keys of one card to differ.
  if (new Set(buttons.map((b) => b.data)).size !== buttons.length) return null;
  const text = message.text.trim();
  const cut = text.indexOf('\n');
  const first = cut < 0 ? text : text.slice(0, cut).trim();
  const rest = cut < 0 ? '' : text.slice(cut + 1).trim();
  const [title, sub] =
    [...first].length <= CARD_LIMITS.title
      ? [first, rest]
      : [textsFor(zhOf(message) ? 'zh' : 'en').wecom.cardTitle, text];
  if ([...sub].length > CARD_LIMITS.subTitle) return null;
  return {
    card_type: 'button_interaction',
    main_title: { title },
    ...(sub ? { sub_title_text: sub } : {}),
    task_id: taskId,
    button_list: buttons.map((b) => ({ text: b.label, key: b.data })),
  };
}

/** WeCom's task ids are unique per app for good: the outbox row, and the moment, so a reinstalled database never repeats one. */
export const taskIdOf = (outboxId: number, nowMs: number) => `linli-${outboxId}-${nowMs.toString(36)}`;

export function messageBody(
  touser: string,
  agentId: number,
  message: OutboundMessage,
  taskId: string,
): Record<string, unknown> {
  const card = templateCardOf(message, taskId);
  if (card) return { touser, msgtype: 'template_card', agentid: agentId, template_card: card };
  return { touser, msgtype: 'text', agentid: agentId, text: { content: textWithChoices(message) } };
}
