import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { attachments, webUploads } from '../../db/schema.js';

export type UploadRow = typeof webUploads.$inferSelect;

/** How much one web identity and the whole deployment may upload, counted over the bytes still kept since `since`. */
export interface UploadLimits {
  identityBytes: number;
  deploymentBytes: number;
  since: Date;
}

export type UploadOutcome = { ok: true; key: string } | { ok: false; over: 'identity' | 'deployment' };

const attached = (key: typeof webUploads.storageKey) => sql`exists (select 1 from ${attachments}
  where ${attachments.storageKey} = ${key} and ${attachments.state} = 'stored')`;

/**
 * Counts the upload against both budgets and, when it fits, stores the bytes (`put`) and records them.
 * One lock for all uploads: two uploads at once cannot both take the last of a budget.
 */
export async function keepUpload(db: Db, upload: { owner: string; size: number; now: Date }, limits: UploadLimits,
  put: () => Promise<string>): Promise<UploadOutcome> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('linli-web-uploads'))`);
    const [row] = await tx.select({
      mine: sql<string>`coalesce(sum(${webUploads.size}) filter (where ${webUploads.owner} = ${upload.owner}), 0)`,
      all: sql<string>`coalesce(sum(${webUploads.size}), 0)`,
    }).from(webUploads).where(gte(webUploads.createdAt, limits.since));
    if (Number(row?.mine ?? 0) + upload.size > limits.identityBytes) return { ok: false, over: 'identity' };
    if (Number(row?.all ?? 0) + upload.size > limits.deploymentBytes) return { ok: false, over: 'deployment' };
    const key = await put();
    // The same photo uploaded again starts its wait for a message again.
    await tx.insert(webUploads).values({ owner: upload.owner, storageKey: key, size: upload.size, createdAt: upload.now })
      .onConflictDoUpdate({ target: [webUploads.owner, webUploads.storageKey], set: { createdAt: upload.now, size: upload.size } });
    return { ok: true, key };
  });
}

/** Uploads made before `before` that no kept attachment uses: no message named them in time. */
export async function unattachedUploads(db: DbOrTx, before: Date, limit = 500): Promise<UploadRow[]> {
  return db.select().from(webUploads)
    .where(and(lt(webUploads.createdAt, before), sql`not ${attached(webUploads.storageKey)}`))
    .orderBy(webUploads.id).limit(limit);
}

/** Only the instance whose delete removed the row goes on to delete the bytes. */
export async function deleteUpload(db: DbOrTx, id: number): Promise<boolean> {
  return (await db.delete(webUploads).where(eq(webUploads.id, id)).returning({ id: webUploads.id })).length > 0;
}

/** Whether another upload still waiting for its message holds these bytes (two pages sent the same photo). */
export async function keyStillUploaded(db: DbOrTx, key: string): Promise<boolean> {
  return (await db.select({ id: webUploads.id }).from(webUploads).where(eq(webUploads.storageKey, key)).limit(1)).length > 0;
}

/** Attached uploads older than the budget's window: the attachment keeps the bytes now, nothing counts them. */
export async function forgetAttachedUploads(db: DbOrTx, before: Date): Promise<number> {
  return (await db.delete(webUploads)
    .where(and(lt(webUploads.createdAt, before), attached(webUploads.storageKey)))
    .returning({ id: webUploads.id })).length;
}

/** Retention deleted these bytes: no upload counts them any more. */
export async function forgetUploadsOfKey(db: DbOrTx, key: string): Promise<void> {
  await db.delete(webUploads).where(eq(webUploads.storageKey, key));
}
