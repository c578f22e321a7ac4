import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { sayThingsSessions, villages } from '../../db/schema.js';
import { nextSessionDate } from '../domain/say-things.js';

export type SessionRow = typeof sayThingsSessions.$inferSelect;
type Village = typeof villages.$inferSelect;

/** The village's next say-things session (created on first need, once, whoever asks first). */
export async function nextSession(db: DbOrTx, village: Village, now: Date): Promise<SessionRow> {
  const date = nextSessionDate(now, village.timezone, village.sayThingsDay);
  await db.insert(sayThingsSessions).values({ villageId: village.id, date, place: village.sayThingsPlace }).onConflictDoNothing();
  const [row] = await db.select().from(sayThingsSessions).where(and(eq(sayThingsSessions.villageId, village.id), eq(sayThingsSessions.date, date)));
  return row!;
}

/** `2026-12-10` → `12月10日`, how people say a date. */
export function spokenDate(date: string, language: string): string {
  const [, m, d] = date.split('-').map(Number);
  return language === 'en' ? date : `${m}月${d}日`;
}
