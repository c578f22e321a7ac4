import type { DbOrTx } from '../data/database.js';
import {
  type DeliberationRow,
  standingVotes,
  villageHouseholds,
  villageTallyRule,
} from '../data/deliberation.repository.js';
import { formatDeliberation } from '../domain/deliberation.commands.js';
import { ruleOf, type Tally, tally } from '../domain/deliberation.rules.js';
import type { DeliberationView } from './deliberation.texts.js';

/** The households that may vote: the whole village, or the representatives' households listed for this matter. */
export async function electorateOf(db: DbOrTx, d: DeliberationRow): Promise<number[]> {
  if (d.electorate === 'representatives') return d.representatives ?? [];
  return (await villageHouseholds(db, d.villageId)).map((h) => h.id);
}

/** The standing tally: each household's last vote once, in person or in chat, against the electorate fixed at opening. */
export async function currentTally(
  db: DbOrTx,
  d: DeliberationRow,
): Promise<Tally & { inPerson: number; projected: Tally['result'] }> {
  const votes = await standingVotes(db, d.id);
  const rule = ruleOf(await villageTallyRule(db, d.villageId), d.quorum);
  const size = d.electorateSize ?? (await electorateOf(db, d)).length;
  const counted = tally(
    votes.map((v) => v.option),
    d.options.length,
    size,
    rule,
  );
  // Nothing is decided before the ballot closes, however the count stands.
  const decided =
    d.status !== 'proposed' &&
    d.status !== 'consulted' &&
    d.status !== 'reviewed' &&
    d.status !== 'voting' &&
    d.status !== 'dropped';
  return {
    ...counted,
    result: decided ? (d.result ?? null) : null,
    projected: counted.result,
    inPerson: votes.filter((v) => v.channel === 'in_person').length,
  };
}

export function chatView(d: DeliberationRow, t: Tally, closesAt: string | null): DeliberationView {
  return {
    ref: formatDeliberation(d.id),
    title: d.title,
    status: d.status,
    options: d.options,
    counts: t.counts,
    voted: t.voted,
    electorate: t.electorate,
    result: t.result,
    closesAt,
  };
}
