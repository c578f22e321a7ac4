import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { chatLinks, groups, households, identities, members, requests, residents, sayThingsSessions, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import { identityAddress, memberAddress } from '../data/people.repository.js';
import { localParts, isoDate } from '../domain/local-time.js';
import { formatRef } from '../domain/reference.js';
import { sessionMoments } from '../domain/say-things.js';
import { addEvent } from '../data/requests.repository.js';
import { agendaLines } from './agenda.js';
import { deliver } from '../messaging/deliver.js';
import { nextSession, type SessionRow, spokenDate } from './sessions.js';

type Village = typeof villages.$inferSelect;
const openTopic = ['submitted', 'assigned', 'accepted', 'escalated', 'reopened'];

/** Say-things day: reminders before and on the day, the agenda the evening before, carry-over after. */
export async function sweepSayThings(db: Db, now: Date): Promise<number> {
  let done = 0;
  for (const village of await db.select().from(villages)) {
    done += await carryOver(db, village, now);
    const session = await nextSession(db, village, now);
    const m = sessionMoments(session.date, village.timezone, village.reminderDaysBefore, village.reminderHour);
    // Each notice goes once, and only while it still makes sense (a late start does not send a stale one).
    if (now >= m.reminderBefore && now < m.reminderOnDay) done += await once(db, session, 'reminderBeforeSentAt', now, (tx) => broadcast(tx, village, session, now, 'before'));
    if (now >= m.reminderOnDay && now < m.dayOver) done += await once(db, session, 'reminderDaySentAt', now, (tx) => broadcast(tx, village, session, now, 'day'));
    if (now >= m.agenda && now < m.dayOver) done += await once(db, session, 'agendaSentAt', now, (tx) => sendAgenda(tx, village, session, now));
  }
  return done;
}

async function once(db: Db, session: SessionRow, column: 'reminderBeforeSentAt' | 'reminderDaySentAt' | 'agendaSentAt', now: Date, work: (tx: Tx) => Promise<void>): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx.update(sayThingsSessions).set({ [column]: now })
      .where(and(eq(sayThingsSessions.id, session.id), isNull(sayThingsSessions[column]))).returning({ id: sayThingsSessions.id });
    if (claimed.length === 0) return 0;
    await work(tx);
    return 1;
  });
}

/** Every bound resident of the village and every linked group chat. */
async function broadcast(tx: Tx, village: Village, session: SessionRow, now: Date, which: 'before' | 'day'): Promise<void> {
  const people = await tx.select({ platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .innerJoin(households, eq(households.id, residents.householdId)).where(eq(households.villageId, village.id));
  const rooms = await tx.select({ platform: chatLinks.platform, address: chatLinks.chatId }).from(chatLinks)
    .innerJoin(groups, eq(groups.id, chatLinks.groupId)).where(eq(groups.villageId, village.id));
  const targets = [...people, ...rooms.map((r) => ({ ...r, language: 'zh' }))];
  for (const to of targets) {
    await deliver(tx, { platform: to.platform as Platform, address: to.address, language: to.language }, (t) => ({
      text: which === 'before'
        ? t.rhythm.reminderBefore(spokenDate(session.date, to.language), session.place, village.reminderDaysBefore)
        : t.rhythm.reminderDay(session.place),
    }), now);
  }
}

async function sendAgenda(tx: Tx, village: Village, session: SessionRow, now: Date): Promise<void> {
  const lines = await agendaLines(tx, session.id);
  const secretaries = await tx.select({ id: members.id }).from(members)
    .where(and(eq(members.villageId, village.id), sql`'secretary' = any(${members.roles})`));
  for (const s of secretaries) {
    await deliver(tx, await memberAddress(tx, s.id), (t) => ({ text: t.rhythm.agenda(spokenDate(session.date, 'zh'), lines) }), now);
  }
}

/** After the day, topics still open move to the next session, and their residents are told. */
async function carryOver(db: Db, village: Village, now: Date): Promise<number> {
  const p = localParts(now, village.timezone);
  const today = isoDate(p.year, p.month, p.day);
  const past = await db.select().from(sayThingsSessions)
    .where(and(eq(sayThingsSessions.villageId, village.id), lt(sayThingsSessions.date, today), isNull(sayThingsSessions.closedAt)));
  let moved = 0;
  for (const old of past) {
    moved += await db.transaction(async (tx) => {
      const claimed = await tx.update(sayThingsSessions).set({ closedAt: now })
        .where(and(eq(sayThingsSessions.id, old.id), isNull(sayThingsSessions.closedAt))).returning({ id: sayThingsSessions.id });
      if (claimed.length === 0) return 0;
      const next = await nextSession(tx, village, now);
      const open = await tx.update(requests).set({ sessionId: next.id, updatedAt: now })
        .where(and(eq(requests.sessionId, old.id), inArray(requests.status, openTopic), isNotNull(requests.sessionId))).returning();
      for (const r of open) {
        await addEvent(tx, r.ref, now, 'carried_over', { kind: 'system', id: null }, { from: old.date, to: next.date });
        await deliver(tx, await identityAddress(tx, r.originIdentityId), (t) => ({ text: t.rhythm.carriedOver(formatRef(r.ref), spokenDate(next.date, 'zh')) }), now,
          { quietHoursIn: village.timezone });
      }
      return open.length;
    });
  }
  return moved;
}
