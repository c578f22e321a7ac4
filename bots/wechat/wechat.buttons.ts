import type { OutboundMessage, OutButton } from '../../src/channels/channel.port.js';
import { type Texts, textsFor } from '../../src/texts/index.js';

const cjk = /[\u3400-\u9fff]/;
/** Labels like "1 满意" are already what a person types back. */
const numbered = /^\d+\s/;

/**
 * The text command a button stands for. The forms mirror src/domain/commands.ts, so what WeChat
 * people type back means exactly what pressing the button means on Telegram or the web.
 */
export function commandForButton(b: OutButton, zh: boolean, arg: Texts['channels']['arg']): string {
  if (numbered.test(b.label)) return b.label;
  const [verb, ref, extra] = b.data.split(':');
  const form = (zhVerb: string, enVerb: string, rest = '') =>
    (zh ? `${zhVerb} #${ref}` : `/${enVerb} ${ref}`) + (rest ? ` ${rest}` : '');
  switch (verb) {
    case 'acc': return form('接单', 'accept');
    case 'esc': return form('上报', 'escalate');
    case 'note': return form('备注', 'note', arg.note);
    case 'res': return form('办结', 'resolve', arg.resolve);
    case 'view': return form('查', 'view');
    case 'trf': return extra ? `${b.label}${zh ? '：' : ': '}${form('转派', 'transfer', extra)}` : form('转派', 'transfer', arg.member);
    default: return b.label;
  }
}

/** WeChat has no buttons: they become a line of replies, unless the text already spells them all out. */
export function textWithChoices(message: Pick<OutboundMessage, 'text' | 'buttons'>): string {
  const buttons = message.buttons?.flat() ?? [];
  if (buttons.length === 0) return message.text;
  const zh = buttons.some((b) => cjk.test(b.label)) || cjk.test(message.text);
  const t = textsFor(zh ? 'zh' : 'en');
  const choices = buttons.map((b) => commandForButton(b, zh, t.channels.arg));
  if (choices.every((c) => message.text.includes(c))) return message.text;
  return `${message.text}\n${t.channels.replyWith(choices)}`;
}
