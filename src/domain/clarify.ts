import type { Classification, RequestKind } from './classification.js';

/** The one fact a request of each kind cannot be handled without. */
export type MissingFact = 'location' | 'parties' | 'when';

// A resident reporting their own boiler needs no "where?": home is the household's address.
const ownHome = /俺家|我家|家里|家中|俺屋|屋里|院里|院子|^门口|^门前|家门口|my (house|home|yard)|our (house|home)/i;
// Shared things could be anywhere in the village; without a place the leader cannot find them.
const publicThing =
  /路灯|马路|路面|道路|路上|桥|井盖|机井|广场|水渠|沟渠|渠道|电线杆|线杆|公厕|垃圾|下水道|排水沟|水塔|变压器|健身器材|大喇叭|street ?light|road|bridge|drain/i;

/** Something gone missing or found (狗丢了, 捡到钱包, 谁看见了): the group is asked to keep an eye out, no "when?". */
export const LOST_OR_FOUND =
  /(狗|猫|羊|牛|猪|鸡|鸭|鹅|驴|马|兔|钱包|手机|钥匙|身份证|存折|银行卡|书包).{0,8}(丢了|跑丢|走丢|不见了|找不着|找不到|跑没了)|捡到.{0,6}(钱包|手机|钥匙|证|卡|狗|羊|东西)|谁(家)?(看见|见到|捡到)|有没有人(看见|见到|捡到)/;

export function missingFact(
  kind: RequestKind,
  c: Pick<Classification, 'location' | 'parties' | 'when'>,
  text: string,
): MissingFact | null {
  switch (kind) {
    case 'repair':
      return c.location === null && publicThing.test(text) && !ownHome.test(text) ? 'location' : null;
    case 'hazard':
      return c.location === null && !ownHome.test(text) ? 'location' : null;
    case 'dispute':
      return c.parties === null ? 'parties' : null;
    case 'help':
      return c.when === null && !LOST_OR_FOUND.test(text) ? 'when' : null;
    default:
      return null;
  }
}

/**
 * Whether a message sent while a question is open is an answer to it. A short reply is; a long,
 * clearly classified report of something else, or an urgent hazard, is a new message.
 */
export function answersQuestion(
  text: string,
  c: { kind: RequestKind; urgency: string } | null,
  draftKind: string,
): boolean {
  if (!c) return true;
  if (c.kind === 'hazard' && c.urgency === 'urgent' && draftKind !== 'hazard') return false;
  return text.length <= 25 || c.kind === 'other' || c.kind === draftKind;
}

/** What an expired question was about, in the resident's words. */
export const draftSummary = (d: { classification: Record<string, unknown>; text: string }): string =>
  typeof d.classification.summary === 'string' ? d.classification.summary : d.text.slice(0, 20);
