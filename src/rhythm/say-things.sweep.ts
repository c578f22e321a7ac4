import type { Db, Tx } from '../data/database.js';
import { residentAccounts } from '../data/deliberation.repository.js';
import { addExpectations } from '../data/expectations.repository.js';
import {
  allVillages,
  linkedRooms,
  memberAddresses,
  membersWithRole,
  type VillageRow,
} from '../data/people.repository.js';
import { insertOutboxRows, outboxBuffer } from '../data/outbox.repository.js';
import { moveOpenTopics } from '../data/requests.repository.js';
import {
  claimClose,
  claimNotice,
  nextSession,
  type SessionNotice,
  type SessionRow,
  unclosedBefore,
} from '../data/sessions.repository.js';
import { expectationTtlMs, expectedAnswers } from '../domain/expectations.js';
import { isoDate, localParts } from '../domain/local-time.js';
import { deliverableAt, quietHoursOf } from '../domain/quiet-hours.js';
import { daysUntil, nextSessionDate, sessionMoments } from '../domain/say-things.js';
import { raise } from '../messaging/notifiers.js';
import { eventContext, outboxSender, sendingThrough } from '../messaging/send.js';
import { textsFor } from '../texts/index.js';
import { agendaLines } from './agenda.js';

/** The village's next say-things session (created on first need). */
export const upcomingSession = (db: Db | Tx, village: VillageRow, now: Date): Promise<SessionRow> =>
  nextSession(db, village.id, nextSessionDate(now, village.timezone, village.sayThingsDay), village.sayThingsPlace);

/** Say-things day: reminders before and on the day, the agenda the evening before, carry-over after. */
export async function sweepSayThings(db: Db, now: Date): Promise<number> {
  let done = 0;
  for (const village of await allVillages(db)) {
    done += await carryOver(db, village, now);
    const session = await upcomingSession(db, village, now);
    const m = sessionMoments(session.date, village.timezone, village.reminderDaysBefore, village.reminderHour);
    // Each notice goes once, and only while it still makes sense (a late start does not send a stale one).
    if (now >= m.reminderBefore && now < m.reminderOnDay)
      done += await once(db, session, 'reminderBeforeSentAt', now, (tx) =>
        broadcast(tx, village, session, now, 'before'),
      );
    if (now >= m.reminderOnDay && now < m.dayOver)
      done += await once(db, session, 'reminderDaySentAt', now, (tx) => broadcast(tx, village, session, now, 'day'));
    if (now >= m.agenda && now < m.dayOver)
      done += await once(db, session, 'agendaSentAt', now, (tx) => sendAgenda(tx, village, session, now));
  }
  return done;
}

async function once(
  db: Db,
  session: SessionRow,
  notice: SessionNotice,
  now: Date,
  work: (tx: Tx) => Promise<void>,
): Promise<number> {
  return db.transaction(async (tx) => {
    if (!(await claimNotice(tx, session.id, notice, now))) return 0;
    await work(tx);
    return 1;
  });
}

/** Recipients per insert of a broadcast's outbox rows. */
const BROADCAST_BATCH = 500;

/** Every bound resident of the village and every linked group chat. */
async function broadcast(
  tx: Tx,
  village: VillageRow,
  session: SessionRow,
  now: Date,
  which: 'before' | 'day',
): Promise<void> {
  const rooms = (await linkedRooms(tx, village.id)).map((r) => ({ ...r, language: 'zh' }));
  // Written a few hundred rows per insert, in the order queued, instead of one statement per account (a
  // village's 600 accounts were 600 statements); a batch stays far below a statement's 65,535 parameters.
  const rows = outboxBuffer();
  const flush = () => insertOutboxRows(tx, rows.take());
  const send = sendingThrough((to, message, notBefore, bulk) => rows.enqueue(to, message, now, notBefore, bulk), now);
  const accounts = await residentAccounts(tx, village.id);
  // Held through the village's quiet hours like every broadcast: a sweep that comes late (the service was down
  // at the reminder hour, or the hour is set inside them) does not wake 800 households at night.
  const quiet = { quietHoursIn: quietHoursOf(village), bulk: true };
  // When it can be read (a late sweep's reminder waits for the morning): the days it counts ("3 天后" on the 8th for
  // the 10th would be wrong) and when its answers open (a matter written in the night before it is not asked about it).
  const opensAt = deliverableAt(now, quiet.quietHoursIn);
  const days = daysUntil(opensAt, village.timezone, session.date);
  let queued = 0;
  for (const to of [...accounts, ...rooms]) {
    await send(
      to,
      (t) => ({
        text:
          which === 'before'
            ? t.rhythm.reminderBefore(t.format.day(session.date), session.place, days)
            : t.rhythm.reminderDay(session.place),
      }),
      quiet,
    );
    if (++queued % BROADCAST_BATCH === 0) await flush();
  }
  await flush();
  // 好 / 收到 under the reminder is answered about the day; a matter written soon after it is asked about (for the day, or now?).
  await addExpectations(
    tx,
    {
      householdIds: accounts.map((a) => a.householdId),
      kind: 'say_things',
      scope: session.id,
      answers: expectedAnswers.sayThings(),
      opensAt,
      expiresAt: new Date(opensAt.getTime() + expectationTtlMs.say_things),
    },
    now,
  );
}

async function sendAgenda(tx: Tx, village: VillageRow, session: SessionRow, now: Date): Promise<void> {
  const send = outboxSender(tx, now);
  for (const s of await membersWithRole(tx, village.id, 'secretary')) {
    for (const to of await memberAddresses(tx, s.id)) {
      const lines = await agendaLines(tx, session.id, textsFor(to.language));
      await send(to, (tt) => ({ text: tt.rhythm.agenda(tt.format.day(session.date), lines) }));
    }
  }
}

/** After the day, topics still open move to the next session, and their residents are told. */
async function carryOver(db: Db, village: VillageRow, now: Date): Promise<number> {
  const p = localParts(now, village.timezone);
  let moved = 0;
  for (const old of await unclosedBefore(db, village.id, isoDate(p.year, p.month, p.day))) {
    moved += await db.transaction(async (tx) => {
      if (!(await claimClose(tx, old.id, now))) return 0;
      const next = await upcomingSession(tx, village, now);
      const open = await moveOpenTopics(tx, old.id, next.id, now);
      const ctx = eventContext(tx, now);
      for (const r of open) await raise(ctx, { type: 'carried_over', request: r, from: old.date, to: next.date });
      return open.length;
    });
  }
  return moved;
}
