import type { DbOrTx } from '../data/database.js';
import { householdById } from '../data/people.repository.js';
import { placeOf } from '../data/places.repository.js';
import { eventsOf, type RequestRow } from '../data/requests.repository.js';
import type { OutButton } from '../channels/channel.port.js';
import { callbackData } from '../domain/commands.js';
import { formatRef } from '../domain/reference.js';
import type { RequestView, TaskView, Texts } from '../texts/texts.js';

const said = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function toView(r: RequestRow): RequestView {
  return {
    ref: formatRef(r.ref),
    kind: r.kind,
    summary: r.summary,
    status: r.status,
    urgent: r.urgency === 'urgent',
    location: said(r.details.location),
    parties: said(r.details.parties),
    place: placeOf(r),
  };
}

export async function taskView(db: DbOrTx, r: RequestRow): Promise<TaskView> {
  const h = await householdById(db, r.householdId);
  const head = h?.head ?? '';
  // A request never changed since it came in was never reopened: no ledger read for a fresh card.
  const reopened = r.status !== 'accepted' && r.updatedAt > r.createdAt ? await reopenedOf(db, r.ref) : null;
  return { ...toView(r), household: head, address: h?.address ?? null, text: r.text, reporter: head, reopened };
}

/**
 * Why a request came back, while nobody has taken it again: read from the ledger, since the reason
 * (不满意's answer, or the words after 重办 #N) is written there when it is given.
 */
async function reopenedOf(db: DbOrTx, ref: number): Promise<TaskView['reopened']> {
  const events = await eventsOf(db, ref);
  const at = events.findLastIndex((e) => e.type === 'reopened');
  if (at < 0) return null;
  const since = events.slice(at + 1);
  if (since.some((e) => e.type === 'accepted')) return null;
  const d = events[at]!.details;
  const note = since.findLast((e) => e.type === 'note' && e.details.unhappyReason);
  const why = d.why === 'asked' ? 'asked' : 'unhappy';
  return { why, reason: said(note?.details.text) ?? said(d.reason) };
}

export function taskButtons(t: Texts, ref: number, accepted: boolean): OutButton[][] {
  return accepted
    ? [
        [
          { label: t.buttons.note, data: callbackData.note(ref) },
          { label: t.buttons.resolve, data: callbackData.resolve(ref) },
        ],
        [
          { label: t.buttons.transfer, data: callbackData.transfer(ref) },
          { label: t.buttons.escalate, data: callbackData.escalate(ref) },
        ],
      ]
    : [
        [
          { label: t.buttons.accept, data: callbackData.accept(ref) },
          { label: t.buttons.transfer, data: callbackData.transfer(ref) },
          { label: t.buttons.escalate, data: callbackData.escalate(ref) },
        ],
      ];
}

/** Under the receipt: the household may take the request back (撤回) before it is resolved. */
export function receiptButtons(t: Texts, ref: number): OutButton[][] {
  return [[{ label: t.requests.withdrawButton, data: callbackData.withdraw(ref) }]];
}

export function ratingButtons(t: Texts, ref: number): OutButton[][] {
  return [
    [
      { label: `1 ${t.rating.satisfied}`, data: callbackData.rate(ref, 1) },
      { label: `2 ${t.rating.basic}`, data: callbackData.rate(ref, 2) },
      { label: `3 ${t.rating.unsatisfied}`, data: callbackData.rate(ref, 3) },
    ],
  ];
}
