import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Group ids are not declared as foreign keys here: importing schema.ts back would make an import cycle.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A mutual-aid group's WeCom group robot (群机器人). The webhook key is a bearer secret — whoever holds it
 * posts into the village's group chat — so it lives here alone, sealed (AES-256-GCM under a key derived
 * from the deployment's admin token), and no query of the groups, the roster or the API ever reads it.
 */
export const groupRobots = pgTable('group_robots', {
  groupId: integer('group_id').primaryKey(),
  /** `v1:` + base64(iv ‖ tag ‖ ciphertext); see src/data/secret-box.ts. */
  sealedKey: text('sealed_key').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
