import { quietHoursOf } from '../domain/quiet-hours.js';
import { castChatVote, deliberationById, residentAccounts, saveEvaluation } from '../data/deliberation.repository.js';
import type { Rating } from '../domain/commands.js';
import { formatDeliberation } from '../domain/deliberation.commands.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { closeExpectations } from '../data/expectations.repository.js';
import { optionIndex } from './deliberation.usecase.js';
import { electorateOf } from './deliberation.views.js';

/**
 * `投票 D12 同意` or a ballot button, from any bound account of a household: the household's standing
 * vote becomes this one until the ballot closes. A household whose vote was recorded in person is refused.
 */
export async function castVote(turn: ResidentTurn, id: number, given: string): Promise<void> {
  const { t, actor } = turn;
  const ref = formatDeliberation(id);
  // Shared: votes go side by side; the close waits for them, and after it no vote gets in.
  const d = await deliberationById(turn.tx, id, 'share');
  if (!d || d.villageId !== actor.village.id) return turn.reply(t.deliberation.notFound(ref));
  if (d.status !== 'voting' || d.closesAt <= turn.now) return turn.reply(t.deliberation.notVoting(ref));
  if (d.electorate === 'representatives' && !(await electorateOf(turn.tx, d)).includes(actor.household.id)) {
    return turn.reply(t.deliberation.notElector(ref));
  }
  const index = optionIndex(d.options, given);
  if (index === null) return turn.reply(t.deliberation.unknownOption(ref, d.options));
  const vote = await castChatVote(turn.tx, {
    deliberationId: d.id,
    householdId: actor.household.id,
    option: index,
    identityId: actor.identity.id,
    at: turn.now,
  });
  if (!vote) return turn.reply(t.deliberation.votedInPerson(ref));
  const option = d.options[index]!;
  await turn.reply(
    t.deliberation.voted(ref, option, vote.changes > 0, t.format.due(d.closesAt, actor.village.timezone)),
  );
  // The household's other accounts hear what their household's vote now is.
  for (const to of await residentAccounts(turn.tx, actor.village.id, [actor.household.id])) {
    if (to.platform === actor.identity.platform && to.address === actor.identity.address) continue;
    await turn.send(to, (tt) => ({ text: tt.deliberation.votedByHousehold(ref, option) }), {
      quietHoursIn: quietHoursOf(actor.village),
    });
  }
}

/** The closing survey (评事): one answer per household, the latest standing. */
export async function answerSurvey(turn: ResidentTurn, id: number, rating: Rating): Promise<void> {
  const { t, actor } = turn;
  const ref = formatDeliberation(id);
  const d = await deliberationById(turn.tx, id);
  if (!d || d.villageId !== actor.village.id) return turn.reply(t.deliberation.notFound(ref));
  if (d.status !== 'evaluated') return turn.reply(t.deliberation.notEvaluating(ref));
  await saveEvaluation(turn.tx, {
    deliberationId: d.id,
    householdId: actor.household.id,
    rating,
    identityId: actor.identity.id,
    at: turn.now,
  });
  await closeExpectations(turn.tx, 'evaluation', d.id, actor.household.id, turn.now);
  return turn.reply(t.deliberation.surveyThanks(ref));
}
