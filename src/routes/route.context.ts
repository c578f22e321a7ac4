import type { ChannelAdapter } from '../channels/adapter.js';
import type { Database, Db } from '../data/database.js';
import type { MediaStore } from '../domain/media.js';
import type { SecretBox } from '../data/secret-box.js';
import type { Classifier } from '../domain/classification.js';
import type { Clock } from '../domain/clock.js';
import type { Policies } from '../domain/policies.js';

/**
 * What src/app.ts hands every route registration: one object, of which each routes function names the part it
 * uses (`Pick<RouteContext, 'db' | 'clock'>`), so a new dependency is a new field, not a new positional argument.
 */
export interface RouteContext {
  db: Db;
  /** The database with its pools and kind (runtime, backup and health read it). */
  database: Database;
  clock: Clock;
  policies: Policies;
  classifier: Classifier;
  channels: ChannelAdapter[];
  /** Where photos and voice notes are kept. */
  media: MediaStore;
  /** WeCom robots' webhook keys are sealed under the admin token: null without one. */
  robotKeys: SecretBox | null;
  /** The data folder GET /api/v1/backup archives (null: no backup). */
  backupDataDir: string | null;
  /** Wakes the outbox after a change that told someone something. */
  wake: () => void;
}
