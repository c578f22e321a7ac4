/**
 * The one list of the handlers of the features with chat commands of their own (their commands are listed
 * in src/domain/features.ts). Each feature exports its entries (FeatureHandlers) from its folder; the command
 * handler table (commands.table.ts) takes them all from here, and its type (CommandHandlers) refuses to
 * compile while a command of any feature has no entry.
 */
import { careHandlers } from '../care/care.chat.js';
import { deliberationHandlers } from '../deliberation/deliberation.chat.js';
import { mediationHandlers } from '../mediation/mediation.dispatch.js';
import { noticeHandlers } from '../notices/notices.chat.js';
import { memberRatingHandlers } from '../ratings/ratings.chat.js';

const featureHandlers = [
  mediationHandlers,
  deliberationHandlers,
  noticeHandlers,
  careHandlers,
  memberRatingHandlers,
] as const;

/** The entries of a list of features, merged, as one type: each entry keeps its own command type. */
type Merged<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? H & Merged<R> : unknown;

export const chatFeatureHandlers = Object.assign({}, ...featureHandlers) as Merged<typeof featureHandlers>;
