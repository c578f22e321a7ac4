import { deliberationById, villageDeliberations } from '../data/deliberation.repository.js';
import { villageRoster } from '../data/people.repository.js';
import { findRequest } from '../data/requests.repository.js';
import { deliberationCallbacks, formatDeliberation, type SecretaryMove } from '../domain/deliberation.commands.js';
import { acceptsComments, allowedMoves, type DeliberationMove } from '../domain/deliberation.machine.js';
import { AppError } from '../domain/errors.js';
import { byId } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { householdShown, pickHousehold } from '../messaging/people.pick.js';
import type { FeatureHandlers } from '../messaging/command.handler.js';
import type { MemberTurn } from '../messaging/turn.js';
import { answerSurvey, castVote } from './ballot.usecase.js';
import { createDeliberation, type Mover, moveDeliberation, recordInPerson } from './deliberation.usecase.js';
import { chatView, currentTally } from './deliberation.views.js';
import { inviteComments, matterComments } from './comments.usecase.js';
import { CHAT_COMMENTS } from './deliberation-comments.texts.js';
import type { DeliberationRow } from '../data/deliberation.repository.js';

const DAY = 86_400_000;
/** A ballot opened in chat without a length stays open three days. */
export const DEFAULT_BALLOT_DAYS = 3;

/** The secretary's `议事 …` commands. Other members get the polite refusal; residents never get here. */
export async function deliberationCommand(turn: MemberTurn, a: SecretaryMove): Promise<void> {
  const { t, actor } = turn;
  if (!actor.member.roles.includes('secretary')) return turn.reply(t.deliberation.secretaryOnly);
  const ctx: Mover = { tx: turn.tx, now: turn.now, send: turn.send, by: { kind: 'member', id: actor.member.id } };
  const village = actor.village;
  const nextOf = (status: Parameters<typeof allowedMoves>[0], result: Parameters<typeof allowedMoves>[1], id: number) =>
    allowedMoves(status, result).map((m) => t.deliberation.next[m]!(formatDeliberation(id)));
  switch (a.move) {
    case 'list': {
      const rows = await villageDeliberations(turn.tx, village.id);
      const views = await Promise.all(rows.map(async (d) => chatView(d, await currentTally(turn.tx, d), null)));
      return turn.reply(t.deliberation.list(views));
    }
    case 'new':
    case 'from_request': {
      let title: string;
      let text: string;
      let sourceRef: number | null = null;
      if (a.move === 'new') ({ title, text } = a);
      else {
        const r = await findRequest(turn.tx, a.ref);
        if (!r || r.villageId !== village.id) return turn.reply(t.deliberation.requestNotFound(formatRef(a.ref)));
        if (r.kind !== 'proposal' && r.kind !== 'say_things')
          return turn.reply(t.deliberation.requestWrongKind(formatRef(a.ref)));
        ({ summary: title, text } = r);
        sourceRef = r.ref;
        const d = await createDeliberation(ctx, village, {
          title,
          text,
          electorate: 'households',
          closesAt: new Date(turn.now.getTime() + DEFAULT_BALLOT_DAYS * DAY),
          sourceRef,
        });
        return turn.reply(
          t.deliberation.created(
            formatDeliberation(d.id),
            title,
            t.deliberation.next.consult!(formatDeliberation(d.id)),
          ),
        );
      }
      const d = await createDeliberation(ctx, village, {
        title,
        text,
        electorate: 'households',
        closesAt: new Date(turn.now.getTime() + DEFAULT_BALLOT_DAYS * DAY),
        sourceRef,
      });
      return turn.reply(
        t.deliberation.created(formatDeliberation(d.id), title, t.deliberation.next.consult!(formatDeliberation(d.id))),
      );
    }
    default:
      break;
  }
  const ref = formatDeliberation(a.id);
  const d = await deliberationById(turn.tx, a.id);
  if (!d || d.villageId !== village.id) return turn.reply(t.deliberation.notFound(ref));
  if (a.move === 'show') {
    const shown = t.deliberation.show(
      chatView(d, await currentTally(turn.tx, d), t.format.due(d.closesAt, village.timezone)),
    );
    return turn.reply(`${shown}${await commentsText(turn, d)}`);
  }
  // The household as the secretary named it, then as the roster names it (a button carries a row id).
  let named = a.move === 'in_person' ? a.household : '';
  try {
    if (a.move === 'in_person') {
      // The household as the secretary names it (head, house number, code); the vote itself takes its code.
      const household = await pickHousehold(turn, village.id, a.household, {
        button: (h) => deliberationCallbacks.inPerson(a.id, byId(h.id), a.option),
        form: (who) => t.deliberation.inPersonForm(ref, who, a.option),
      });
      if (!household) return;
      named = householdShown(t, await villageRoster(turn.tx, village.id), household);
      const done = await recordInPerson(ctx, a.id, household.code, a.option);
      return turn.reply(t.deliberation.inPersonRecorded(ref, named, done.option));
    }
    if (a.move === 'invite_comments') {
      const out = await inviteComments(ctx, a.id, a.notes);
      return turn.reply(
        t.deliberationComments.invited(ref, out.households, out.accounts, t.format.due(out.until, village.timezone)),
      );
    }
    const move: DeliberationMove = a.move;
    const input = {
      notes: 'notes' in a ? a.notes : null,
      ...(a.move === 'open' ? { closesAt: new Date(turn.now.getTime() + (a.days ?? DEFAULT_BALLOT_DAYS) * DAY) } : {}),
    };
    const out = await moveDeliberation(ctx, a.id, move, input);
    const r = out.row;
    if (move === 'open')
      return turn.reply(
        t.deliberation.opened(ref, out.accounts, out.households, t.format.due(r.closesAt, village.timezone)),
      );
    if (move === 'close') return; // the secretaries get the tally from the move itself
    if (move === 'publish') return turn.reply(t.deliberation.published(ref, out.accounts, out.rooms));
    if (move === 'progress') return turn.reply(t.deliberation.progressSent(ref, out.accounts));
    if (move === 'evaluate') return turn.reply(t.deliberation.surveySent(ref, out.accounts));
    return turn.reply(
      t.deliberation.moved(ref, t.deliberation.status[r.status], nextOf(r.status, r.result ?? null, r.id)),
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'household.not_found' && a.move === 'in_person')
      return turn.reply(t.deliberation.unknownHousehold(named));
    if (err.code === 'validation.failed' && a.move === 'in_person') {
      const field = (err.details?.fields as { field: string }[] | undefined)?.[0]?.field;
      return turn.reply(
        field === 'household'
          ? t.deliberation.notElectorHousehold(ref, named)
          : t.deliberation.unknownOption(ref, d.options),
      );
    }
    if (err.code === 'deliberation.illegal_transition' && a.move === 'invite_comments') {
      const fresh = (await deliberationById(turn.tx, a.id))!;
      return turn.reply(t.deliberationComments.notDiscussing(ref, t.deliberation.status[fresh.status]));
    }
    if (err.code === 'deliberation.illegal_transition') {
      const fresh = (await deliberationById(turn.tx, a.id))!;
      if (fresh.status === 'published' && fresh.result !== 'passed') return turn.reply(t.deliberation.notPassed(ref));
      return turn.reply(
        t.deliberation.illegal(
          ref,
          t.deliberation.status[fresh.status],
          nextOf(fresh.status, fresh.result ?? null, fresh.id),
        ),
      );
    }
    throw err;
  }
}

/** Under the matter in `议事 D3`: the households' latest comments, named by name and address; while it is discussed, how to invite them. */
async function commentsText(turn: MemberTurn, d: DeliberationRow): Promise<string> {
  const { t } = turn;
  const all = await matterComments(turn.tx, d);
  const hint = acceptsComments(d.status) ? `\n${t.deliberationComments.inviteHint(formatDeliberation(d.id))}` : '';
  if (all.length === 0) return hint;
  const lines = all
    .slice(-CHAT_COMMENTS)
    .map(({ comment, household }) =>
      t.deliberationComments.line(
        t.people.household(household),
        t.format.due(comment.at, turn.actor.village.timezone),
        comment.text,
      ),
    );
  return `\n${t.deliberationComments.listHeading(all.length)}\n${lines.join('\n')}${hint}`;
}

/** The deliberation commands' entries in the command handler table: the secretary's 议事 …, a household's vote and survey answer. */
export const deliberationHandlers: FeatureHandlers<'deliberation' | 'vote' | 'evaluate_deliberation'> = {
  deliberation: { member: ({ turn, cmd }) => deliberationCommand(turn, cmd.action) },
  vote: { resident: ({ turn, cmd }) => castVote(turn, cmd.id, cmd.option) },
  evaluate_deliberation: { resident: ({ turn, cmd }) => answerSurvey(turn, cmd.id, cmd.rating) },
};
