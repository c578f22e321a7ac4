/** A button as the domain sees it: what it shows and the callback data it sends. */
export interface ButtonLike {
  label: string;
  data: string;
}

/** The placeholder words after a command that needs more (`备注 #12 说明`), in the reader's language. */
export interface CommandArgs {
  note: string;
  resolve: string;
  member: string;
}

/** Labels like "1 满意" are already what a person types back. */
const numbered = /^\d+\s/;

/**
 * The text command a button stands for. The forms mirror src/domain/commands.ts, so what a WeChat
 * person types back means exactly what pressing the button means on Telegram or the web, and the web
 * chat's history shows a pressed button as the command it stood for.
 */
export function commandForButton(b: ButtonLike, zh: boolean, arg: CommandArgs): string {
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
