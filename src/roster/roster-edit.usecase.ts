import type { Db } from '../data/database.js';
import { type RosterExport, rosterExport } from '../data/export.repository.js';
import { villageByCode } from '../data/people.repository.js';
import type { RosterDiff } from '../domain/roster.diff.js';
import type { MemberRole } from '../domain/routing.js';
import { type ImportOptions, importRoster, type ImportSummary } from './roster.import.js';

/**
 * One household or member corrected on the desk. It is not a second way to write the roster: the village's
 * roster as held is taken, the one row changed, and the whole goes through the import (in the same
 * transaction) — so the same checks hold (authority, codes, roles), the same people are told (a member whose
 * roles change, the secretaries), a card re-issued revokes the old accounts, and every field is audited
 * before and after exactly as a file's would be.
 */
export interface HouseholdEdit {
  head?: string;
  address?: string | null;
  phone?: string | null;
  group?: string;
}
export interface MemberEdit {
  name?: string;
  roles?: MemberRole[];
  away?: boolean;
}

export type EditResult = { found: false } | { found: true; summary: ImportSummary; diff: RosterDiff };

/** The roster file that says what the village holds now. Phones are left out: absent keeps each stored one. */
function fileOf(held: RosterExport) {
  const v = held.village;
  return {
    village: {
      code: v.code,
      name: v.name,
      town: v.town,
      county: v.county,
      sayThingsDay: v.sayThingsDay,
      timezone: v.timezone,
    },
    groups: held.groups.map((g) => ({ ...g })),
    households: held.households.map(
      ({ phone: _phone, ...h }) => ({ ...h }) as Record<string, unknown> & { code: string },
    ),
    members: held.members.map((m) => ({ ...m }) as Record<string, unknown> & { code: string }),
  };
}

async function edited(
  db: Db,
  villageCode: string,
  change: (file: ReturnType<typeof fileOf>) => boolean,
  opts: ImportOptions,
): Promise<EditResult> {
  return db.transaction(async (tx) => {
    const village = await villageByCode(tx, villageCode);
    if (!village) return { found: false } as const;
    const file = fileOf(await rosterExport(tx, village));
    if (!change(file)) return { found: false } as const;
    let diff: RosterDiff | null = null;
    const summary = await importRoster(tx as unknown as Db, file, {
      ...opts,
      onDiff: (d) => {
        diff = d;
        opts.onDiff?.(d);
      },
    });
    return { found: true, summary, diff: diff! };
  });
}

export async function editHousehold(
  db: Db,
  villageCode: string,
  code: string,
  edit: HouseholdEdit,
  opts: ImportOptions = {},
): Promise<EditResult> {
  return edited(
    db,
    villageCode,
    (file) => {
      const i = file.households.findIndex((h) => h.code === code);
      if (i < 0) return false;
      file.households[i] = { ...file.households[i]!, ...definedOnly(edit) };
      return true;
    },
    opts,
  );
}

/** A member left out before (inactive) is not edited here: a roster file brings them back. */
export async function editMember(
  db: Db,
  villageCode: string,
  code: string,
  edit: MemberEdit,
  opts: ImportOptions = {},
): Promise<EditResult> {
  return edited(
    db,
    villageCode,
    (file) => {
      const i = file.members.findIndex((m) => m.code === code);
      if (i < 0) return false;
      file.members[i] = { ...file.members[i]!, ...definedOnly(edit) };
      return true;
    },
    opts,
  );
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
