import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { villages } from '../../db/schema.js';

export async function villageOf(db: DbOrTx, id: number) {
  const [v] = await db.select().from(villages).where(eq(villages.id, id));
  return v!;
}
