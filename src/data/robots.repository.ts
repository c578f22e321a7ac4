import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { groupRobots, groups } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import { groupIdOfRobotAddress, type GroupRobotKeys, robotAddress } from '../channels/robots.js';
import type { SecretBox } from './secret-box.js';

/** What the roster says of one group's robot: a key to keep, null to remove it, undefined to leave it as it is. */
export interface GroupRobotEntry {
  groupId: number;
  robotKey: string | null | undefined;
}

/** Stores the roster's robot keys sealed; `box` may be null only when no entry sets a key. */
export async function saveGroupRobots(tx: Tx, entries: readonly GroupRobotEntry[], box: SecretBox | null, now: Date): Promise<void> {
  const removed = entries.filter((e) => e.robotKey === null).map((e) => e.groupId);
  if (removed.length) await tx.delete(groupRobots).where(inArray(groupRobots.groupId, removed));
  for (const e of entries) {
    if (typeof e.robotKey !== 'string') continue;
    if (!box) throw new Error('no secret to seal robot keys with');
    const row = { groupId: e.groupId, sealedKey: box.seal(e.robotKey), updatedAt: now };
    await tx.insert(groupRobots).values(row).onConflictDoUpdate({ target: groupRobots.groupId, set: { sealedKey: row.sealedKey, updatedAt: now } });
  }
}

/** The village's groups that have a robot, as outbox addresses (the group, never the key). */
export async function robotRooms(db: DbOrTx, villageId: number): Promise<{ platform: Platform; address: string }[]> {
  const rows = await db.select({ groupId: groupRobots.groupId }).from(groupRobots)
    .innerJoin(groups, eq(groups.id, groupRobots.groupId)).where(eq(groups.villageId, villageId)).orderBy(groupRobots.groupId);
  return rows.map((r) => ({ platform: 'wecom-robot' as const, address: robotAddress(r.groupId) }));
}

/** How the robot sender gets a key when it sends; without a box (no admin token) no key can be read. */
export function createGroupRobotKeys(db: DbOrTx, box: SecretBox | null): GroupRobotKeys {
  return {
    async keyOf(address) {
      const groupId = groupIdOfRobotAddress(address);
      if (groupId === null || !box) return null;
      const [row] = await db.select({ sealedKey: groupRobots.sealedKey }).from(groupRobots).where(eq(groupRobots.groupId, groupId));
      return row ? box.open(row.sealedKey) : null;
    },
  };
}
