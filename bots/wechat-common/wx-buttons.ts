import type { OutboundMessage } from '../../src/channels/channel.port.js';
import { textFormOfButton } from '../../src/domain/commands.js';
import { textsFor } from '../../src/texts/index.js';

const cjk = /[\u3400-\u9fff]/;

/** WeChat's text messages have no buttons: they become a line of typed replies, unless the text already spells them out. */
export function textWithChoices(message: Pick<OutboundMessage, 'text' | 'buttons'>): string {
  const buttons = message.buttons?.flat() ?? [];
  if (buttons.length === 0) return message.text;
  const zh = buttons.some((b) => cjk.test(b.label)) || cjk.test(message.text);
  const t = textsFor(zh ? 'zh' : 'en');
  const choices = buttons.map((b) => textFormOfButton(b, zh, t.channels.arg));
  if (choices.every((c) => message.text.includes(c))) return message.text;
  return `${message.text}\n${t.channels.replyWith(choices)}`;
}
