import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { monthlyReports, sayThingsSessions } from '../../db/schema.js';

export type SessionRow = typeof sayThingsSessions.$inferSelect;
export type SessionNotice = 'reminderBeforeSentAt' | 'reminderDaySentAt' | 'agendaSentAt';

/** The village's session on that date (created on first need, once, whoever asks first). */
export async function nextSession(db: DbOrTx, villageId: number, date: string, place: string | null): Promise<SessionRow> {
  await db.insert(sayThingsSessions).values({ villageId, date, place }).onConflictDoNothing();
  const [row] = await db.select().from(sayThingsSessions).where(and(eq(sayThingsSessions.villageId, villageId), eq(sayThingsSessions.date, date)));
  return row!;
}

/** Claims one notice of a session: true for the one caller that should send it. */
export async function claimNotice(db: DbOrTx, sessionId: number, notice: SessionNotice, now: Date): Promise<boolean> {
  const claimed = await db.update(sayThingsSessions).set({ [notice]: now })
    .where(and(eq(sayThingsSessions.id, sessionId), isNull(sayThingsSessions[notice]))).returning({ id: sayThingsSessions.id });
  return claimed.length > 0;
}

/** Sessions of the village before `date` that were not closed yet. */
export async function unclosedBefore(db: DbOrTx, villageId: number, date: string): Promise<SessionRow[]> {
  return db.select().from(sayThingsSessions)
    .where(and(eq(sayThingsSessions.villageId, villageId), lt(sayThingsSessions.date, date), isNull(sayThingsSessions.closedAt)));
}

export async function claimClose(db: DbOrTx, sessionId: number, now: Date): Promise<boolean> {
  const claimed = await db.update(sayThingsSessions).set({ closedAt: now })
    .where(and(eq(sayThingsSessions.id, sessionId), isNull(sayThingsSessions.closedAt))).returning({ id: sayThingsSessions.id });
  return claimed.length > 0;
}

export async function markHeld(db: DbOrTx, sessionId: number, now: Date): Promise<void> {
  await db.update(sayThingsSessions).set({ heldAt: now }).where(eq(sayThingsSessions.id, sessionId));
}

export async function sessionsBefore(db: DbOrTx, villageId: number, date: string, limit = 12): Promise<SessionRow[]> {
  return db.select().from(sayThingsSessions)
    .where(and(eq(sayThingsSessions.villageId, villageId), lt(sayThingsSessions.date, date)))
    .orderBy(desc(sayThingsSessions.date)).limit(limit);
}

/** Claims the monthly report of a village: true once per village and month. */
export async function claimMonthlyReport(db: DbOrTx, villageId: number, month: string, now: Date): Promise<boolean> {
  const claimed = await db.insert(monthlyReports).values({ villageId, month, sentAt: now }).onConflictDoNothing().returning();
  return claimed.length > 0;
}

export async function sessionById(db: DbOrTx, id: number): Promise<SessionRow | null> {
  const [row] = await db.select().from(sayThingsSessions).where(eq(sayThingsSessions.id, id));
  return row ?? null;
}

/** The village's session on a date, if there is one (the minutes of a past day). */
export async function sessionOn(db: DbOrTx, villageId: number, date: string): Promise<SessionRow | null> {
  const [row] = await db.select().from(sayThingsSessions).where(and(eq(sayThingsSessions.villageId, villageId), eq(sayThingsSessions.date, date)));
  return row ?? null;
}
