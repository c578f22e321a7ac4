import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { requestFollowers, villages } from '../../db/schema.js';
import type { OutButton } from '../channels/channel.port.js';
import { callbackData } from '../domain/commands.js';
import { formatRef } from '../domain/reference.js';
import { type Address, identityAddress, memberAddress } from '../data/people.repository.js';
import type { Texts } from '../texts/texts.js';
import { household, type RequestRow, toView } from '../data/requests.repository.js';
import type { TaskView } from '../texts/texts.js';

/** What each message about a request is sent through: the turn's outbox writer. */
export type Sender = (to: Address | null, build: (t: Texts) => { text: string; buttons?: OutButton[][] }, opts?: { quietHoursIn?: string }) => Promise<void>;

export function taskButtons(t: Texts, ref: number, accepted: boolean): OutButton[][] {
  return accepted
    ? [[{ label: t.buttons.note, data: callbackData.note(ref) }, { label: t.buttons.resolve, data: callbackData.resolve(ref) }],
       [{ label: t.buttons.transfer, data: callbackData.transfer(ref) }, { label: t.buttons.escalate, data: callbackData.escalate(ref) }]]
    : [[{ label: t.buttons.accept, data: callbackData.accept(ref) }, { label: t.buttons.transfer, data: callbackData.transfer(ref) },
        { label: t.buttons.escalate, data: callbackData.escalate(ref) }]];
}

export function ratingButtons(t: Texts, ref: number): OutButton[][] {
  return [[
    { label: `1 ${t.rating.satisfied}`, data: callbackData.rate(ref, 1) },
    { label: `2 ${t.rating.basic}`, data: callbackData.rate(ref, 2) },
    { label: `3 ${t.rating.unsatisfied}`, data: callbackData.rate(ref, 3) },
  ]];
}

export async function taskView(db: DbOrTx, r: RequestRow): Promise<TaskView> {
  const h = await household(db, r.householdId);
  return { ...toView(r), household: `${h.head}家`, address: h.address, text: r.text, reporter: h.head };
}

/** The task card: everything a leader needs to act without opening anything else. */
export async function sendTask(db: DbOrTx, send: Sender, r: RequestRow, memberId: number): Promise<void> {
  const view = await taskView(db, r);
  await send(await memberAddress(db, memberId), (t) => ({ text: t.task(view), buttons: taskButtons(t, r.ref, false) }));
}

export async function sendCopy(db: DbOrTx, send: Sender, r: RequestRow, memberId: number, assignee: string): Promise<void> {
  const view = await taskView(db, r);
  await send(await memberAddress(db, memberId), (t) => ({ text: t.taskCopy(view, assignee) }));
}

/**
 * Status news goes to the platform the resident wrote from, and to the households that reported the
 * same matter (followers). Only the requester gets buttons: the rating is theirs to give.
 */
export async function tellResident(db: DbOrTx, send: Sender, r: RequestRow, build: (t: Texts, ref: string) => string, buttons?: (t: Texts) => OutButton[][]): Promise<void> {
  // News about a request can wait for the morning unless the matter is urgent.
  const [v] = await db.select({ timezone: villages.timezone }).from(villages).where(eq(villages.id, r.villageId));
  const opts = r.urgency === 'urgent' || !v ? {} : { quietHoursIn: v.timezone };
  await send(await identityAddress(db, r.originIdentityId), (t) => ({ text: build(t, formatRef(r.ref)), ...(buttons ? { buttons: buttons(t) } : {}) }), opts);
  const followers = await db.select({ id: requestFollowers.identityId }).from(requestFollowers).where(eq(requestFollowers.requestRef, r.ref));
  for (const f of followers) {
    if (f.id !== r.originIdentityId) await send(await identityAddress(db, f.id), (t) => ({ text: build(t, formatRef(r.ref)).split('\n')[0]! }), opts);
  }
}
