import { AppError } from './errors.js';

/**
 * The six-step people's mediation (五老调事"六步") as a pure transition table: 受理 → 指定主持人 → 调查核实 →
 * 告知权利义务 → 依法调解 → 签订协议 (or 调解不成), then the return visit (回访). The only place that knows
 * which move is legal and who may make it.
 */
export const mediationStatuses = [
  'accepted',
  'presiding',
  'investigating',
  'informed',
  'mediating',
  'agreed',
  'failed',
  'followed_up',
] as const;
export type MediationStatus = (typeof mediationStatuses)[number];

export const mediationActions = [
  /** 主持 #12 成员编号: the presiding mediator (again: a change of presiding mediator). */
  'preside',
  /** 调查 #12 记录: investigation notes. */
  'investigate',
  /** 告知 #12: the rights-and-duties notice to every party. */
  'inform',
  /** 调解 #12 记录: a mediation session's notes. */
  'session',
  /** 对方 #12 …: another party joins the case. */
  'add_party',
  /** 协议 #12 内容: the agreement text put to the parties (again: a revised text, earlier confirmations void). */
  'propose',
  /** 同意 #12 / 不同意 #12 原因: one party's answer while others are still to confirm. */
  'confirm',
  'decline',
  /** The last bound party confirmed: the agreement takes effect. */
  'conclude',
  /** 调解不成 #12 原因: failed, with a referral. */
  'fail',
  /** 回访 #12 记录: a return visit on performance. */
  'follow_up',
] as const;
export type MediationAction = (typeof mediationActions)[number];

/** Who acts: the presiding mediator, an assisting mediator, the village secretary, a party household, the clock. */
export const mediationRoles = ['presiding', 'assisting', 'secretary', 'party', 'system'] as const;
export type MediationRole = (typeof mediationRoles)[number];

const staff: readonly MediationRole[] = ['presiding', 'assisting', 'secretary'];

/** Who may make each move, whatever the status. */
const mayAct: Record<MediationAction, readonly MediationRole[]> = {
  // Appointing the presiding mediator is the presiding (or first accepting) mediator's or the secretary's call, not an assistant's.
  preside: ['presiding', 'secretary'],
  investigate: staff,
  inform: staff,
  session: staff,
  add_party: staff,
  propose: staff,
  confirm: ['party'],
  decline: ['party'],
  conclude: ['system'],
  // Giving up is the presiding mediator's or the secretary's decision.
  fail: ['presiding', 'secretary'],
  follow_up: staff,
};

const table: Record<MediationStatus, Partial<Record<MediationAction, MediationStatus>>> = {
  accepted: { preside: 'presiding', add_party: 'accepted', fail: 'failed' },
  presiding: { preside: 'presiding', investigate: 'investigating', add_party: 'presiding', fail: 'failed' },
  investigating: {
    preside: 'investigating',
    investigate: 'investigating',
    inform: 'informed',
    add_party: 'investigating',
    fail: 'failed',
  },
  // More facts may come to light after the notice; a party added late is told on joining.
  informed: {
    preside: 'informed',
    investigate: 'informed',
    inform: 'informed',
    session: 'mediating',
    add_party: 'informed',
    fail: 'failed',
  },
  mediating: {
    preside: 'mediating',
    investigate: 'mediating',
    inform: 'mediating',
    session: 'mediating',
    add_party: 'mediating',
    propose: 'mediating',
    confirm: 'mediating',
    decline: 'mediating',
    conclude: 'agreed',
    fail: 'failed',
  },
  agreed: { follow_up: 'followed_up' },
  failed: { follow_up: 'followed_up' },
  followed_up: { follow_up: 'followed_up' },
};

export type MediationTransition =
  | { ok: true; from: MediationStatus; to: MediationStatus }
  | { ok: false; from: MediationStatus; code: 'mediation.illegal_transition' | 'mediation.not_allowed' };

/** The move, or why not: the wrong person (`not_allowed`) is checked before the wrong moment. */
export function mediationTransition(
  from: MediationStatus,
  action: MediationAction,
  by: MediationRole,
): MediationTransition {
  if (!mayAct[action].includes(by)) return { ok: false, from, code: 'mediation.not_allowed' };
  const to = table[from][action];
  return to ? { ok: true, from, to } : { ok: false, from, code: 'mediation.illegal_transition' };
}

/** What this person may do now, in the table's order (for the hint after an illegal move). */
export function allowedMediationActions(from: MediationStatus, by: MediationRole): MediationAction[] {
  return (Object.keys(table[from]) as MediationAction[]).filter((a) => mayAct[a].includes(by));
}

/** Still being worked on: the 30-day reminder applies. */
export const openMediationStatuses: readonly MediationStatus[] = [
  'accepted',
  'presiding',
  'investigating',
  'informed',
  'mediating',
];

/** The move or a coded error, for code paths where an illegal move is a bug. */
export function mustMediationTransition(
  from: MediationStatus,
  action: MediationAction,
  by: MediationRole,
): MediationStatus {
  const step = mediationTransition(from, action, by);
  if (!step.ok)
    throw new AppError('mediation.illegal_transition', `${action} by ${by} is not allowed from ${from}`, {
      from,
      action,
      by,
    });
  return step.to;
}
