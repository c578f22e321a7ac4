import type { MemberRole } from './routing.js';

/**
 * What a roster file (or a desk edit, which is a roster with one row changed) would change in what the
 * village holds: shown before an import writes, and written to the audit log, field by field.
 */
export type FieldValue = string | boolean | readonly MemberRole[] | null;
export interface FieldChange {
  field: string;
  before: FieldValue;
  after: FieldValue;
}
export interface RowChange {
  code: string;
  name: string;
  changes: FieldChange[];
}
export interface RowRef {
  code: string;
  name: string;
}

export interface RosterDiff {
  households: {
    added: RowRef[];
    changed: RowChange[];
    /** Not in the file: the import keeps them as they are. */ leftOut: RowRef[];
  };
  /** `removed`: left out of the file, so deactivated (their accounts can no longer act). */
  members: { added: RowRef[]; changed: RowChange[]; removed: RowRef[] };
  groups: { added: RowRef[]; changed: RowChange[] };
}

export interface HeldRoster {
  groups: readonly { code: string; name: string; leader: string | null; deputy: string | null }[];
  households: readonly { code: string; group: string; head: string; address: string | null; phone: string | null }[];
  /** Active members only: one left out before counts as added again. */
  members: readonly { code: string; name: string; roles: readonly MemberRole[]; away: boolean }[];
}

export interface IncomingRoster {
  groups: readonly { code: string; name: string; leader?: string | null; deputy?: string | null }[];
  /** `phone` absent: the stored one is kept, so it is no change. */
  households: readonly { code: string; group: string; head: string; address?: string | null; phone?: string | null }[];
  members: readonly { code: string; name: string; roles: readonly MemberRole[]; away?: boolean }[];
}

const same = (a: FieldValue, b: FieldValue): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x) => b.includes(x)) : a === b;

function fields(pairs: [string, FieldValue, FieldValue | undefined][]): FieldChange[] {
  return pairs
    .filter(([, before, after]) => after !== undefined && !same(before, after))
    .map(([field, before, after]) => ({ field, before, after: after as FieldValue }));
}

export function diffRoster(held: HeldRoster, file: IncomingRoster): RosterDiff {
  const byCode = <T extends { code: string }>(list: readonly T[]) => new Map(list.map((x) => [x.code, x]));
  const hh = byCode(held.households);
  const hm = byCode(held.members);
  const hg = byCode(held.groups);
  const inFile = {
    households: new Set(file.households.map((h) => h.code)),
    members: new Set(file.members.map((m) => m.code)),
  };
  const changed = (list: RowChange[]) => list.filter((c) => c.changes.length > 0);
  return {
    households: {
      added: file.households.filter((h) => !hh.has(h.code)).map((h) => ({ code: h.code, name: h.head })),
      changed: changed(
        file.households
          .filter((h) => hh.has(h.code))
          .map((h) => {
            const b = hh.get(h.code)!;
            return {
              code: h.code,
              name: b.head,
              changes: fields([
                ['head', b.head, h.head],
                ['address', b.address, h.address === undefined ? undefined : (h.address ?? null)],
                ['group', b.group, h.group],
                ['phone', b.phone, h.phone === undefined ? undefined : (h.phone ?? null)],
              ]),
            };
          }),
      ),
      leftOut: held.households
        .filter((h) => !inFile.households.has(h.code))
        .map((h) => ({ code: h.code, name: h.head })),
    },
    members: {
      added: file.members.filter((m) => !hm.has(m.code)).map((m) => ({ code: m.code, name: m.name })),
      changed: changed(
        file.members
          .filter((m) => hm.has(m.code))
          .map((m) => {
            const b = hm.get(m.code)!;
            return {
              code: m.code,
              name: b.name,
              changes: fields([
                ['name', b.name, m.name],
                ['roles', b.roles, m.roles],
                ['away', b.away, m.away ?? false],
              ]),
            };
          }),
      ),
      removed: held.members.filter((m) => !inFile.members.has(m.code)).map((m) => ({ code: m.code, name: m.name })),
    },
    groups: {
      added: file.groups.filter((g) => !hg.has(g.code)).map((g) => ({ code: g.code, name: g.name })),
      changed: changed(
        file.groups
          .filter((g) => hg.has(g.code))
          .map((g) => {
            const b = hg.get(g.code)!;
            return {
              code: g.code,
              name: b.name,
              changes: fields([
                ['name', b.name, g.name],
                ['leader', b.leader, g.leader ?? null],
                ['deputy', b.deputy, g.deputy ?? null],
              ]),
            };
          }),
      ),
    },
  };
}

export const diffSize = (d: RosterDiff): number =>
  d.households.added.length +
  d.households.changed.length +
  d.members.added.length +
  d.members.changed.length +
  d.members.removed.length +
  d.groups.added.length +
  d.groups.changed.length;
