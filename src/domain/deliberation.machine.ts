/**
 * A village deliberation (村民议事) through 四议两公开 and 王店镇's 六事: proposed (党支部提议) → consulted
 * (两委商议) → reviewed (党员大会审议) → voting (村民/代表表决) → decided → published (决议公开) →
 * implementing (实施结果公开) → evaluated (评事). Pure: the use cases ask `advance` and store the answer.
 */
export const deliberationStatuses = [
  'proposed',
  'consulted',
  'reviewed',
  'voting',
  'decided',
  'published',
  'implementing',
  'evaluated',
  'dropped',
] as const;
export type DeliberationStatus = (typeof deliberationStatuses)[number];

/** What the tally made of a closed vote; null when too few voted (the vote is void, nothing was decided). */
export type DeliberationResult = 'passed' | 'rejected' | null;

export const deliberationMoves = [
  'consult',
  'review',
  'open',
  'close',
  'publish',
  'progress',
  'evaluate',
  'drop',
] as const;
export type DeliberationMove = (typeof deliberationMoves)[number];

export type Advance =
  | { ok: true; to: DeliberationStatus }
  | { ok: false; reason: 'illegal'; allowed: DeliberationMove[] }
  /** Only a passed decision is carried out: a rejected or void one ends at its publication. */
  | { ok: false; reason: 'not_passed'; allowed: DeliberationMove[] };

/** Which move takes which status where. `progress` may repeat while implementing. */
const table: Record<DeliberationStatus, Partial<Record<DeliberationMove, DeliberationStatus>>> = {
  proposed: { consult: 'consulted', drop: 'dropped' },
  consulted: { review: 'reviewed', drop: 'dropped' },
  reviewed: { open: 'voting', drop: 'dropped' },
  voting: { close: 'decided' },
  decided: { publish: 'published' },
  published: { progress: 'implementing' },
  implementing: { progress: 'implementing', evaluate: 'evaluated' },
  evaluated: {},
  dropped: {},
};

/** The moves possible now, for the refusal's "what you can do instead". */
export function allowedMoves(status: DeliberationStatus, result: DeliberationResult): DeliberationMove[] {
  const moves = Object.keys(table[status]) as DeliberationMove[];
  return status === 'published' && result !== 'passed' ? [] : moves;
}

export function advance(status: DeliberationStatus, move: DeliberationMove, result: DeliberationResult): Advance {
  const to = table[status][move];
  if (!to) return { ok: false, reason: 'illegal', allowed: allowedMoves(status, result) };
  if (status === 'published' && result !== 'passed') return { ok: false, reason: 'not_passed', allowed: [] };
  return { ok: true, to };
}

/** While the ballot is open households vote; once closed nothing changes the tally. */
export const acceptsVotes = (status: DeliberationStatus): boolean => status === 'voting';

/** Households may be asked for their comments while the matter is discussed, before its vote opens. */
export const acceptsComments = (status: DeliberationStatus): boolean =>
  status === 'proposed' || status === 'consulted' || status === 'reviewed';

/** The matter is still being prepared: the secretary may still drop it. */
export const isFinished = (status: DeliberationStatus): boolean => status === 'evaluated' || status === 'dropped';
