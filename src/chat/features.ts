/**
 * The one list of what the features with chat commands of their own give the chat (their commands are listed
 * in src/domain/features.ts): each feature exports its ChatFeatureHandlers from its folder. The command handler
 * table (commands.table.ts) takes their entries from here, and its type (CommandHandlers) refuses to compile
 * while a command of any feature has no entry; a member's 帮助 adds their lines in this order.
 */
import { careChat } from '../care/care.chat.js';
import { deliberationHandlers } from '../deliberation/deliberation.chat.js';
import { mediationChat } from '../mediation/mediation.dispatch.js';
import type { MemberActor } from '../data/people.repository.js';
import type { Texts } from '../texts/index.js';
import { noticeHandlers } from '../notices/notices.chat.js';
import { memberRatingChat } from '../ratings/ratings.chat.js';

const chatFeatures = [
  mediationChat,
  { handlers: deliberationHandlers },
  { handlers: noticeHandlers },
  memberRatingChat,
  careChat,
] as const;

/** The entries of a list of features, merged, as one type: each entry keeps its own command type. */
type Merged<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? H & Merged<R> : unknown;
type HandlersOf<T extends readonly { handlers: object }[]> = { [I in keyof T]: T[I]['handlers'] };

export const chatFeatureHandlers = Object.assign({}, ...chatFeatures.map((f) => f.handlers)) as Merged<
  HandlersOf<typeof chatFeatures>
>;

/** The features' lines in a member's 帮助, each on its own line after the member's command list. */
export const featureHelp = (actor: MemberActor, t: Texts): string =>
  chatFeatures
    .map((f) => ('memberHelp' in f ? f.memberHelp?.(actor, t) : null))
    .filter((line): line is string => line !== null && line !== undefined)
    .map((line) => `\n${line}`)
    .join('');
