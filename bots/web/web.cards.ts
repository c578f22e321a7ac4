import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { households, members, villages } from '../../db/schema.js';
import { demoRosterPath } from '../../src/roster/demo.js';

export interface DemoCard {
  slot: string;
  code: string;
  who: 'resident' | 'leader' | 'secretary' | 'mediator';
  title: string;
  subtitle: string;
}

const DEMO_HOUSEHOLDS = ['h-0301', 'h-0302'];
const DEMO_MEMBERS: [string, DemoCard['who'], string][] = [
  ['l-03', 'leader', '第三互助组组长 · Group leader'],
  ['d-03', 'leader', '第三互助组副组长 · Deputy leader'],
  ['s-01', 'secretary', '村党支部书记 · Branch secretary'],
  ['md-01', 'mediator', '调解员 · Mediator'],
];

interface DemoRoster {
  village: { code: string };
  households: { code: string; head: string; address: string; bindCode: string }[];
  members: { code: string; name: string; bindCode: string }[];
}

/**
 * A few cards of the demo village to try the chat with. Only codes published with the demo roster
 * are offered, and only while the database still holds them unchanged: a real village's codes never.
 */
let published: DemoRoster | null = null;

export async function demoCards(db: Db): Promise<DemoCard[]> {
  const roster = (published ??= JSON.parse(readFileSync(demoRosterPath, 'utf8')) as DemoRoster);
  const [village] = await db.select({ id: villages.id }).from(villages).where(eq(villages.code, roster.village.code));
  if (!village) return [];
  const cards: DemoCard[] = [];
  for (const code of DEMO_HOUSEHOLDS) {
    const h = roster.households.find((x) => x.code === code);
    if (!h) continue;
    const [row] = await db.select({ id: households.id }).from(households)
      .where(and(eq(households.villageId, village.id), eq(households.code, code), eq(households.bindCode, h.bindCode)));
    if (row) cards.push({ slot: code, code: h.bindCode, who: 'resident', title: `${h.address} 住户 · ${h.head}`, subtitle: '村民 · Resident' });
  }
  for (const [code, who, subtitle] of DEMO_MEMBERS) {
    const m = roster.members.find((x) => x.code === code);
    if (!m) continue;
    const [row] = await db.select({ id: members.id }).from(members)
      .where(and(eq(members.villageId, village.id), eq(members.code, code), eq(members.bindCode, m.bindCode)));
    if (row) cards.push({ slot: code, code: m.bindCode, who, title: m.name, subtitle });
  }
  return cards;
}
