import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { bindingTokens, households, members, villages } from '../../db/schema.js';
import type { CardHolder } from './people.repository.js';

/** 24 base64url characters: 144 random bits, far stronger than the printed code it stands for. */
const TOKEN_BYTES = 18;
export const BINDING_TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whose card a village's household or member code names (`h-0301`, `l-03`), for making its QR code. */
export async function cardOfCode(db: DbOrTx, villageCode: string, code: string): Promise<CardHolder | null> {
  const [village] = await db.select().from(villages).where(eq(villages.code, villageCode));
  if (!village) return null;
  const [household] = await db.select().from(households).where(and(eq(households.villageId, village.id), eq(households.code, code)));
  if (household) return { kind: 'household', household, village };
  const [member] = await db.select().from(members).where(and(eq(members.villageId, village.id), eq(members.code, code), eq(members.active, true)));
  return member ? { kind: 'member', member, village } : null;
}

/** A fresh one-use token for a card; only its hash is stored. */
export async function createBindingToken(db: DbOrTx, holder: CardHolder, now: Date, expiresAt: Date | null): Promise<string> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  await db.insert(bindingTokens).values({
    tokenHash: hash(token), createdAt: now, expiresAt,
    householdId: holder.kind === 'household' ? holder.household.id : null, memberId: holder.kind === 'member' ? holder.member.id : null,
  });
  return token;
}

/**
 * Spends a token: whose card it stands for, once. Marking it used and reading it is one statement, so two
 * scans racing each other cannot both bind. Null for an unknown, spent or expired token.
 */
export async function redeemBindingToken(db: DbOrTx, token: string, now: Date): Promise<CardHolder | null> {
  if (!BINDING_TOKEN_PATTERN.test(token)) return null;
  const [row] = await db.update(bindingTokens).set({ usedAt: now })
    .where(and(eq(bindingTokens.tokenHash, hash(token)), isNull(bindingTokens.usedAt), or(isNull(bindingTokens.expiresAt), gt(bindingTokens.expiresAt, now))))
    .returning({ householdId: bindingTokens.householdId, memberId: bindingTokens.memberId });
  if (!row) return null;
  if (row.householdId !== null) {
    const [hh] = await db.select({ household: households, village: villages }).from(households)
      .innerJoin(villages, eq(villages.id, households.villageId)).where(eq(households.id, row.householdId));
    return hh ? { kind: 'household', ...hh } : null;
  }
  const [mm] = await db.select({ member: members, village: villages }).from(members)
    .innerJoin(villages, eq(villages.id, members.villageId)).where(and(eq(members.id, row.memberId ?? -1), eq(members.active, true)));
  return mm ? { kind: 'member', ...mm } : null;
}
