import { and, arrayContains, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { identities, members } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import { enqueue } from '../data/outbox.repository.js';
import { type Texts, textsFor } from '../texts/index.js';

/**
 * A channel went down (the WeChat account was logged out) or came back: the village secretaries hear
 * it on another platform they are bound on, the one they used last. Returns how many were told.
 */
export async function tellSecretaries(db: Db, about: Platform, build: (t: Texts) => string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.select({ memberId: members.id, platform: identities.platform, address: identities.address, language: identities.language })
      .from(identities)
      .innerJoin(members, eq(members.id, identities.memberId))
      .where(and(arrayContains(members.roles, ['secretary']), ne(identities.platform, about)))
      .orderBy(members.id, desc(identities.lastSeenAt), desc(identities.id));
    const told = new Set<number>();
    for (const row of rows) {
      if (told.has(row.memberId)) continue;
      told.add(row.memberId);
      await enqueue(tx, { platform: row.platform as Platform, address: row.address }, { text: build(textsFor(row.language)) }, now);
    }
    return told.size;
  });
}
