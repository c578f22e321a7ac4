/**
 * 走访 and 代报: a member names a household as villagers say it (一组2号, 杨志强家, 二组 王桂兰) and writes what
 * they found or what happened. The words after the verb stay as typed; the use case splits the household
 * from the note with the roster (src/care). This file must not import commands.ts (the table imports it).
 */
import { type ChatFeature, cleanText } from '../domain/chat-feature.js';

export type CareCommand =
  | { type: 'care_visit'; words: string }
  | { type: 'proxy_report'; words: string }
  /** The button choosing one household of several that fitted (`cp:<kept words>:~45`). */
  | { type: 'care_pick'; pendingId: number; household: string }
  /** A household's reply to the care check-in (关爱问候), run as this button by the expectation it left (`ck:<household>`). */
  | { type: 'care_checkin'; householdId: number };

export type CareCommandType = CareCommand['type'];

export const careCommandSpecs = {
  care_visit: { who: 'member', inRoom: false },
  proxy_report: { who: 'member', inRoom: false },
  care_pick: { who: 'member', inRoom: false },
  care_checkin: { who: 'resident', inRoom: false },
} as const satisfies Record<CareCommandType, { who: 'member' | 'resident'; inRoom: boolean }>;

/** `走访 …` / `/visit …`, `代报 …` / `/fileon …`; `raw` keeps the person's own punctuation. */
export function parseCareCommand(text: string, raw: string): CareCommand | null {
  // The verb alone or followed by a space: "代报名怎么弄" (registering for something) is a resident's question, not this.
  const m = /^(入户走访|走访|代报|\/visit(?:@\w+)?|\/fileon(?:@\w+)?)(?:\s+([\s\S]*))?$/i.exec(text);
  if (!m) return null;
  const kept = raw
    .trim()
    .replace(/^(?:入户走访|走访|代报|[/／]\S+)\s*/i, '')
    .trim();
  const type = /代报|fileon/i.test(m[1]!) ? 'proxy_report' : 'care_visit';
  return { type, words: kept };
}

/** `cp:12:~45`; undefined when the data is not this command's. */
export function parseCareCallback(data: string): CareCommand | null | undefined {
  const ck = /^ck:(\d{1,9})$/.exec(data);
  if (ck) return { type: 'care_checkin', householdId: Number(ck[1]) };
  if (!data.startsWith('cp:')) return undefined;
  const m = /^cp:(\d{1,9}):(~\d{1,9})$/.exec(data);
  return m ? { type: 'care_pick', pendingId: Number(m[1]), household: m[2]! } : null;
}

export const careCallbacks = { pick: (pendingId: number, household: string) => `cp:${pendingId}:${household}` };

export const isCareCommandType = (type: string): type is CareCommandType => type in careCommandSpecs;

export const careFeature: ChatFeature<CareCommand> = {
  specs: careCommandSpecs,
  parse: (text, raw) => parseCareCommand(text, cleanText(raw)),
  parseCallback: parseCareCallback,
};

declare module '../domain/chat-feature.js' {
  interface FeatureCommands {
    care: CareCommand;
  }
}
