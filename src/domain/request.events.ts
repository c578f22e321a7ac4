import type { RequestKind, Urgency } from './classification.js';
import type { Rating } from './commands.js';
import type { RequestStatus } from './request.machine.js';

/** What a notifier needs to know about the request an event happened to (a stored request row fits). */
export interface RequestFacts {
  ref: number;
  villageId: number;
  householdId: number;
  originIdentityId: number;
  assigneeId: number | null;
  kind: RequestKind;
  urgency: Urgency;
  status: RequestStatus;
  summary: string;
  text: string;
}

export type EventActor =
  { kind: 'resident'; id: number } | { kind: 'member'; id: number } | { kind: 'system'; id: null };

export const systemActor: EventActor = { kind: 'system', id: null };

/**
 * Everything that happens to a request. Use cases raise these after the change is written; the
 * ledger (台账) entry and the messages to everyone concerned follow from the event alone.
 */
export type RequestEvent =
  | { type: 'submitted'; request: RequestFacts; by: EventActor; classifier: string; confidence: number }
  | { type: 'topic'; request: RequestFacts; session: string }
  | { type: 'assigned'; request: RequestFacts; to: number; cc: number[]; rule: string }
  | { type: 'accepted'; request: RequestFacts; by: EventActor; name: string }
  /** `unhappyReason`: the resident's answer to 哪里没办好？ after 不满意, flagged so the ledger and the desk can find it. */
  | { type: 'note'; request: RequestFacts; by: EventActor; name: string | null; text: string; unhappyReason?: boolean }
  | { type: 'followed'; request: RequestFacts; by: EventActor; householdId: number; households: number }
  | {
      type: 'transferred';
      request: RequestFacts;
      by: EventActor;
      from: number | null;
      to: number;
      toName: string;
      topic?: boolean;
    }
  | {
      type: 'escalated';
      request: RequestFacts;
      by: EventActor;
      from: number | null;
      to: number;
      overdue?: { reason: 'accept_overdue' | 'resolve_overdue'; due: Date };
    }
  | { type: 'reminded'; request: RequestFacts; due: Date; stage: 'accept' | 'resolve' }
  | { type: 'resolved'; request: RequestFacts; by: EventActor; name: string; text: string; outcome?: boolean }
  | { type: 'rated'; request: RequestFacts; by: EventActor; rating: Rating }
  /** `reason`: the words after 重办 #N, when the resident gave them. */
  | { type: 'reopened'; request: RequestFacts; by: EventActor; why: 'unhappy' | 'asked'; reason?: string }
  | { type: 'closed'; request: RequestFacts; unrated?: boolean }
  | { type: 'carried_over'; request: RequestFacts; from: string; to: string }
  /** The requester's household took it back before it was resolved; `from` had it then. */
  | { type: 'withdrawn'; request: RequestFacts; by: EventActor; from: number | null }
  /** The secretary closed it as no real matter, with the reason everyone concerned is told. */
  | { type: 'invalid'; request: RequestFacts; by: EventActor; from: number | null; reason: string }
  /** The return visit's one polite reminder: a message, not a change, so it leaves no ledger entry. */
  | { type: 'rating_reminder'; request: RequestFacts };

export type RequestEventType = RequestEvent['type'];

export interface LedgerEntry {
  type: string;
  actor: EventActor;
  details: Record<string, unknown>;
}

/** The ledger rows an event leaves, in the shape the ledger has always had. */
export function ledgerOf(e: RequestEvent): LedgerEntry[] {
  const one = (actor: EventActor, details: Record<string, unknown> = {}): LedgerEntry[] => [
    { type: e.type, actor, details },
  ];
  switch (e.type) {
    case 'submitted':
      return one(e.by, { classifier: e.classifier, confidence: e.confidence });
    case 'topic':
      return one(systemActor, { session: e.session });
    case 'assigned':
      return [
        { type: 'assigned', actor: systemActor, details: { assigneeId: e.to, rule: e.rule } },
        ...e.cc.map((memberId) => ({ type: 'copied', actor: systemActor, details: { memberId } })),
      ];
    case 'accepted':
      return one(e.by);
    case 'note':
      return one(e.by, { text: e.text, ...(e.unhappyReason ? { unhappyReason: true } : {}) });
    case 'followed':
      return one(e.by, { householdId: e.householdId });
    case 'transferred':
      return one(e.by, { from: e.from, to: e.to, ...(e.topic ? { topic: true } : {}) });
    case 'escalated':
      return one(e.by, {
        from: e.from,
        to: e.to,
        ...(e.overdue ? { reason: e.overdue.reason, due: e.overdue.due.toISOString() } : {}),
      });
    case 'reminded':
      return one(systemActor, { due: e.due.toISOString() });
    case 'resolved':
      return one(e.by, { text: e.text, ...(e.outcome ? { outcome: true } : {}) });
    case 'rated':
      return one(e.by, { rating: e.rating });
    case 'reopened':
      return one(e.by, { why: e.why, ...(e.reason ? { reason: e.reason } : {}) });
    case 'closed':
      return one(systemActor, e.unrated ? { unrated: true } : {});
    case 'carried_over':
      return one(systemActor, { from: e.from, to: e.to });
    case 'withdrawn':
      return one(e.by, { from: e.from });
    case 'invalid':
      return one(e.by, { from: e.from, text: e.reason });
    case 'rating_reminder':
      return [];
  }
}
