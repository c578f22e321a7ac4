import { villageRoster } from '../data/people.repository.js';
import {
  householdLabel,
  memberLabel,
  resolveHousehold,
  resolveMember,
  type RosterHousehold,
  type RosterMember,
  type VillageRoster,
} from '../domain/people.resolve.js';
import type { Texts } from '../texts/index.js';
import type { Turn } from './turn.js';

export interface PickOptions<T> {
  /** The callback data of the button that chooses one of several (it carries `byId(id)`). */
  button: (x: T) => string;
  /** The command to type with a person named as people say it: `转派 #12 李海生（二组，组长）`. */
  form: (who: string) => string;
  /** Narrows several of one name to those who may do the thing (a mediator to preside). */
  eligible?: (m: RosterMember) => boolean;
}

export const memberShown = (t: Texts, roster: VillageRoster, m: RosterMember): string =>
  t.people.member(memberLabel(roster, m));
export const householdShown = (t: Texts, roster: VillageRoster, h: RosterHousehold): string =>
  t.people.household(householdLabel(roster, h));

/**
 * The member of the village a person named (code, name, name with group, a button's id). Several → the
 * person is asked with buttons naming group and place; none → told who is close. Null when asked or told.
 */
export async function pickMember(
  turn: Turn,
  villageId: number,
  typed: string,
  o: PickOptions<RosterMember>,
): Promise<RosterMember | null> {
  const roster = await villageRoster(turn.tx, villageId);
  const r = resolveMember(roster, typed, o.eligible);
  if (r.kind === 'one') return r.item;
  const shown = (m: RosterMember) => memberShown(turn.t, roster, m);
  if (r.kind === 'many') {
    // Rows carried on by a button (`~45|~46`) are asked about by the name they share, never by their ids.
    const said = typed.trim().startsWith('~') ? r.items[0]!.name : typed;
    await turn.reply(
      turn.t.people.whichMember(
        said,
        r.items.map((m) => o.form(shown(m))),
      ),
      r.items.map((m) => [{ label: shown(m), data: o.button(m) }]),
    );
    return null;
  }
  const example = roster.members.find((m) => m.active && (!o.eligible || o.eligible(m)));
  await turn.reply(turn.t.people.noMember(typed, r.close.map(shown), o.form(example?.name ?? '')));
  return null;
}

/** The household of the village a person named (code, head's name, address, both, a button's id); as pickMember. */
export async function pickHousehold(
  turn: Turn,
  villageId: number,
  typed: string,
  o: PickOptions<RosterHousehold>,
): Promise<RosterHousehold | null> {
  const roster = await villageRoster(turn.tx, villageId);
  const r = resolveHousehold(roster, typed);
  if (r.kind === 'one') return r.item;
  const shown = (h: RosterHousehold) => householdShown(turn.t, roster, h);
  if (r.kind === 'many') {
    await turn.reply(
      turn.t.people.whichHousehold(
        typed,
        r.items.slice(0, 8).map((h) => o.form(shown(h))),
      ),
      r.items.slice(0, 8).map((h) => [{ label: shown(h), data: o.button(h) }]),
    );
    return null;
  }
  const example = roster.households[0];
  await turn.reply(
    turn.t.people.noHousehold(typed, r.close.map(shown), o.form(example?.address ?? example?.head ?? '一组1号')),
  );
  return null;
}
