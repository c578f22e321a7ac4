import { readFileSync } from 'node:fs';
import type { Platform } from '../channels/channel.port.js';
import type { ChannelDirectory, DemoCard, HistoryEntry } from '../channels/directory.js';
import { bindCodesNow, receivedFrom, sentTo } from '../data/channels.repository.js';
import type { Db } from '../data/database.js';
import { identityById, identityOf } from '../data/identities.repository.js';
import { type Actor, findActor } from '../data/people.repository.js';
import { demoRosterPath } from '../roster/demo.js';

/** The line under the web page's title: which village and which household or member this page speaks for. */
export function signedInAs(actor: Actor): string | null {
  if (actor.kind === 'resident') return `${actor.village.name} · ${actor.household.address ?? actor.household.code}`;
  if (actor.kind === 'member') return `${actor.village.name} · ${actor.member.name}`;
  return null;
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

let published: DemoRoster | null = null;

/**
 * A few cards of the demo village to try the chat with. Only codes published with the demo roster
 * are offered, only of the village marked as the demo, and only while the database still holds them
 * unchanged: a real village's codes never.
 */
export async function demoCards(db: Db): Promise<DemoCard[]> {
  const roster = (published ??= JSON.parse(readFileSync(demoRosterPath, 'utf8')) as DemoRoster);
  const now = await bindCodesNow(
    db,
    roster.village.code,
    DEMO_HOUSEHOLDS,
    DEMO_MEMBERS.map(([code]) => code),
  );
  if (!now) return [];
  const cards: DemoCard[] = [];
  for (const code of DEMO_HOUSEHOLDS) {
    const h = roster.households.find((x) => x.code === code);
    if (h && now.households.get(code) === h.bindCode) {
      cards.push({
        slot: code,
        code: h.bindCode,
        who: 'resident',
        title: `${h.address} 住户 · ${h.head}`,
        subtitle: '村民 · Resident',
      });
    }
  }
  for (const [code, who, subtitle] of DEMO_MEMBERS) {
    const m = roster.members.find((x) => x.code === code);
    if (m && now.members.get(code) === m.bindCode)
      cards.push({ slot: code, code: m.bindCode, who, title: m.name, subtitle });
  }
  return cards;
}

/**
 * The core's side of the channel port's directory: what an adapter may read, read here. Demo cards are
 * offered only while the deployment says so (LINLI_DEMO): a production service lists none.
 */
/**
 * A fresh page of a web account opened through the Official Account's web authorization also shows what was
 * said on that Official Account — while both are still the same person's (the same household or member).
 */
async function adoptedHistory(db: Db, platform: Platform, userId: string, limit: number): Promise<HistoryEntry[]> {
  const me = await identityOf(db, platform, userId);
  if (!me?.adoptedFrom || me.revokedAt) return [];
  const from = await identityById(db, me.adoptedFrom);
  if (!from || from.revokedAt || from.residentId !== me.residentId || from.memberId !== me.memberId) return [];
  const sent: HistoryEntry[] = (await sentTo(db, from.platform, from.platformUserId, 0, limit)).map((r) => ({
    kind: 'sent',
    outboxId: r.id,
    message: r.message,
    at: r.createdAt.toISOString(),
    on: from.platform,
  }));
  const received: HistoryEntry[] = (await receivedFrom(db, from.platform, from.platformUserId, limit)).map((r) => ({
    kind: 'received',
    text: r.message.text ?? null,
    action: r.message.action ?? null,
    at: r.receivedAt.toISOString(),
    on: from.platform,
  }));
  return [...sent, ...received];
}

export function createChannelDirectory(db: Db, opts: { demoCards: boolean } = { demoCards: false }): ChannelDirectory {
  return {
    async whoIs(platform, userId) {
      return signedInAs(await findActor(db, platform, userId));
    },
    async history(platform, userId, { afterOutboxId, limit, withReceived }) {
      const sent: HistoryEntry[] = (await sentTo(db, platform, userId, afterOutboxId, limit)).map((r) => ({
        kind: 'sent',
        outboxId: r.id,
        message: r.message,
        at: r.createdAt.toISOString(),
      }));
      if (!withReceived) return sent;
      const received: HistoryEntry[] = (await receivedFrom(db, platform, userId, limit)).map((r) => ({
        kind: 'received',
        text: r.message.text ?? null,
        action: r.message.action ?? null,
        at: r.receivedAt.toISOString(),
      }));
      return [...sent, ...received, ...(await adoptedHistory(db, platform, userId, limit))];
    },
    demoCards: async () => (opts.demoCards ? demoCards(db) : []),
  };
}
