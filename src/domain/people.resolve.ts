/**
 * Who a person means when they name a member or a household: looked up in the roster of their village
 * (exact code, then name, then address as people say it — "一组2号", "三组1号 杨志强家", "二组 王桂兰"),
 * never guessed from the shape of what was typed. Codes are whatever a village's roster says (`bh-h2`,
 * `zhang-3`, `m.guo`): only the roster knows whether a word is one.
 */

export interface RosterGroup {
  id: number;
  code: string;
  name: string;
  leaderId: number | null;
  deputyId: number | null;
}
export interface RosterMember {
  id: number;
  code: string;
  name: string;
  roles: readonly string[];
  bindCode: string;
  active: boolean;
}
export interface RosterHousehold {
  id: number;
  code: string;
  head: string;
  address: string | null;
  groupId: number;
}
export interface VillageRoster {
  groups: RosterGroup[];
  members: RosterMember[];
  households: RosterHousehold[];
}

export type Resolution<T> =
  | { kind: 'one'; item: T }
  /** Several fit: ask with buttons naming group and address. */
  | { kind: 'many'; items: T[] }
  /** Nobody fits: `close` are the village's people with similar names or addresses. */
  | { kind: 'none'; close: T[] };

/**
 * A button's callback names a person by the row's id, behind `~` (which no roster code may start with),
 * so a pressed button means exactly the one it showed.
 */
export const byId = (id: number): string => `~${id}`;
/**
 * Several rows still to choose from (`~45|~46`): a name of several people that a button carries on while the
 * person is asked about another name first (`主持 #12 王丽 赵强`, both shared).
 */
export const byIds = (ids: readonly number[]): string => ids.map(byId).join('|');
const idsOf = (typed: string): number[] | null => {
  const s = typed.trim();
  return /^~\d{1,9}(?:\|~\d{1,9}){0,7}$/.test(s) ? s.split('|').map((x) => Number(x.slice(1))) : null;
};

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 二十三 → 23, 十二 → 12, 三 → 3, 一〇五 → 105. */
function chineseNumber(s: string): number {
  if (!s.includes('十')) return Number([...s].map((c) => DIGIT[c]).join(''));
  const [tens, ones] = s.split('十');
  return (tens ? DIGIT[tens]! : 1) * 10 + (ones ? DIGIT[ones]! : 0);
}

/** How words are compared: full-width folded, lower case, no spaces, Chinese numerals as digits, 第/互助 dropped. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/互助组/g, '组')
    .replace(/號/g, '号')
    .replace(/^第(?=[零〇一二两三四五六七八九十\d])/, '')
    .replace(/[零〇一二两三四五六七八九十]+(?=[组号户队排])/g, (n) => String(chineseNumber(n)));
}

/** "第二互助组" → "二组": how people say a group. Names of another shape stay as they are. */
export function shortGroupName(name: string): string {
  const m = /^第?(.+?)(?:互助)?组$/.exec(name.trim());
  return m ? `${m[1]}组` : name;
}

/** The group a member leads or deputises for (the first one), and which of the two. */
export function memberGroup(roster: VillageRoster, memberId: number): { group: RosterGroup; deputy: boolean } | null {
  const g = roster.groups.find((x) => x.leaderId === memberId) ?? roster.groups.find((x) => x.deputyId === memberId);
  return g ? { group: g, deputy: g.leaderId !== memberId } : null;
}

/** What a member is shown as: name, group (as people say it) and their place in it or their role. */
export interface MemberLabel {
  name: string;
  group: string | null;
  role: 'leader' | 'deputy' | string | null;
}
export function memberLabel(roster: VillageRoster, m: RosterMember): MemberLabel {
  const g = memberGroup(roster, m.id);
  if (g) return { name: m.name, group: shortGroupName(g.group.name), role: g.deputy ? 'deputy' : 'leader' };
  return { name: m.name, group: null, role: m.roles.find((r) => r !== 'group_leader') ?? m.roles[0] ?? null };
}

export interface HouseholdLabel {
  head: string;
  address: string | null;
  group: string | null;
}
export function householdLabel(roster: VillageRoster, h: RosterHousehold): HouseholdLabel {
  const g = roster.groups.find((x) => x.id === h.groupId);
  return { head: h.head, address: h.address, group: g ? shortGroupName(g.name) : null };
}

const PLACE_WORDS: Record<string, 'leader' | 'deputy' | string> = {
  组长: 'leader',
  互助组组长: 'leader',
  副组长: 'deputy',
  调解员: 'mediator',
  书记: 'secretary',
  村支书: 'secretary',
  村党支部书记: 'secretary',
  镇干部: 'town_staff',
  县干部: 'county_staff',
  leader: 'leader',
  deputy: 'deputy',
  mediator: 'mediator',
  secretary: 'secretary',
};

/**
 * The parts of what was typed: brackets and commas separate like spaces ("李海生（二组，组长）"), and a
 * group or an address written against a name is split from it ("二组王桂兰", "三组1号杨志强家").
 */
export function phraseParts(typed: string): string[] {
  const parts: string[] = [];
  for (const word of typed
    .normalize('NFKC')
    .split(/[\s()（）[\]【】,，、:：;；/]+/)
    .filter(Boolean)) {
    const f = fold(word);
    const m = /^(\d+[组队排](?:\d+号)?)(.+)$/.exec(f);
    if (m && !/^\d/.test(m[2]!)) parts.push(m[1]!, m[2]!);
    else parts.push(f);
  }
  return parts.filter((p) => p !== '村外' && p !== '家');
}

const groupMatches = (g: RosterGroup | undefined, part: string) =>
  !!g && (fold(g.code) === part || fold(g.name) === part || fold(shortGroupName(g.name)) === part);
const isGroupWord = (roster: VillageRoster, part: string) => roster.groups.some((g) => groupMatches(g, part));
/** "杨志强家" / "杨志强户" → "杨志强". */
const bare = (part: string) => part.replace(/(?:家里|家|户)$/, '');

function memberFits(roster: VillageRoster, m: RosterMember, part: string): boolean {
  if (fold(m.code) === part || fold(m.name) === part || fold(m.name) === bare(part)) return true;
  const place = PLACE_WORDS[part];
  if (place) {
    const g = memberGroup(roster, m.id);
    if (place === 'leader') return !!g && !g.deputy;
    if (place === 'deputy') return !!g && g.deputy;
    return m.roles.includes(place);
  }
  if (isGroupWord(roster, part)) {
    return roster.groups.some((g) => (g.leaderId === m.id || g.deputyId === m.id) && groupMatches(g, part));
  }
  return false;
}

function householdFits(roster: VillageRoster, h: RosterHousehold, part: string): boolean {
  if (fold(h.code) === part || fold(h.head) === part || fold(h.head) === bare(part)) return true;
  if (h.address && fold(h.address) === part) return true;
  const g = roster.groups.find((x) => x.id === h.groupId);
  return isGroupWord(roster, part) && groupMatches(g, part);
}

/** Edit distance, for "who is close": names are a few characters, so the plain table is cheap. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = keep;
    }
  }
  return row[b.length]!;
}

/** Names one character off (a typo or a homophone), or of the same surname when that is all there is. */
function closeTo<T>(items: T[], words: (x: T) => string[], parts: string[], max = 5): T[] {
  const named = parts.map(bare).filter((p) => /\p{Script=Han}/u.test(p) && !/\d/.test(p));
  if (named.length === 0) return [];
  const score = (x: T) =>
    Math.min(
      ...words(x).flatMap((w) =>
        named.map((p) => {
          const d = distance(fold(w), p);
          if (d <= 1 || (p.length >= 3 && d <= 2 && fold(w)[0] === p[0])) return d;
          return fold(w)[0] === p[0] && p.length <= 2 ? 3 : Infinity;
        }),
      ),
    );
  return items
    .map((x) => ({ x, s: score(x) }))
    .filter((e) => e.s < Infinity)
    .sort((a, b) => a.s - b.s)
    .slice(0, max)
    .map((e) => e.x);
}

function resolve<T extends { id: number; code: string }>(
  items: T[],
  typed: string,
  fits: (x: T, part: string) => boolean,
  words: (x: T) => string[],
): Resolution<T> {
  const ids = idsOf(typed);
  if (ids !== null) {
    const hits = ids.map((id) => items.find((x) => x.id === id)).filter((x): x is T => x !== undefined);
    if (hits.length === 1) return { kind: 'one', item: hits[0]! };
    return hits.length ? { kind: 'many', items: hits } : { kind: 'none', close: [] };
  }
  const whole = typed.normalize('NFKC').trim();
  const exact = items.filter((x) => x.code === whole);
  if (exact.length === 1) return { kind: 'one', item: exact[0]! };
  const folded = items.filter((x) => fold(x.code) === fold(whole));
  if (folded.length === 1) return { kind: 'one', item: folded[0]! };
  const parts = phraseParts(typed);
  if (parts.length === 0) return { kind: 'none', close: [] };
  const found = items.filter((x) => parts.every((p) => fits(x, p)));
  if (found.length === 1) return { kind: 'one', item: found[0]! };
  if (found.length > 1) return { kind: 'many', items: found };
  return { kind: 'none', close: closeTo(items, words, parts) };
}

/**
 * A member of the village by code, name, name and group or place ("二组 李海生", "李海生（五组，副组长）"),
 * or a button's `~id`. `eligible` narrows several of one name to those who may do the thing (a mediator
 * to preside), when that leaves anyone.
 */
export function resolveMember(
  roster: VillageRoster,
  typed: string,
  eligible?: (m: RosterMember) => boolean,
): Resolution<RosterMember> {
  const active = roster.members.filter((m) => m.active);
  const r = resolve(
    active,
    typed,
    (m, p) => memberFits(roster, m, p),
    (m) => [m.name],
  );
  if (r.kind === 'many' && eligible) {
    const fit = r.items.filter(eligible);
    if (fit.length === 1) return { kind: 'one', item: fit[0]! };
    if (fit.length > 1) return { kind: 'many', items: fit };
  }
  return r;
}

/** A household of the village by code, head's name ("杨志强家"), address ("一组2号", "1组2号") or both, or a button's `~id`. */
export function resolveHousehold(roster: VillageRoster, typed: string): Resolution<RosterHousehold> {
  return resolve(
    roster.households,
    typed,
    (h, p) => householdFits(roster, h, p),
    (h) => [h.head, ...(h.address ? [h.address] : [])],
  );
}

/**
 * Several people typed in one line (`主持 #12 郭长顺 二组 李海生`): a group, address or place word goes
 * with the name next to it, brackets stay with their name.
 */
export function splitPeople(roster: VillageRoster, typed: string): string[] {
  // Inside brackets the words are one person's ("李海生（五组，副组长）"): joined with a `/` that phraseParts splits on.
  const words = typed
    .normalize('NFKC')
    .replace(/[（(][^）)]*[）)]/g, (m) => m.replace(/[\s,，、]+/g, '/'))
    .split(/[\s,，、]+/)
    .filter(Boolean);
  const out: string[] = [];
  let pending: string[] = [];
  for (const w of words) {
    const f = fold(w);
    const qualifier =
      isGroupWord(roster, f) || PLACE_WORDS[f] !== undefined || /^\d+[组队排]\d+号$/.test(f) || w === '村外';
    if (qualifier) pending.push(w);
    else {
      out.push([...pending, w].join(' '));
      pending = [];
    }
  }
  if (pending.length) {
    if (out.length) out[out.length - 1] = `${out[out.length - 1]} ${pending.join(' ')}`;
    else out.push(pending.join(' '));
  }
  return out;
}

/** Whether the person wrote that the party is from outside the village ("村外 张三", "张三（村外）"). */
export const saysOutsider = (typed: string): boolean => /村外|外村|outsider/i.test(typed);
