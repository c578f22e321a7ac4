/**
 * The whole schema, as drizzle-kit and the client see it: the core tables, and one file per feature.
 * A feature's tables may reference core tables by importing './schema.core.js' (never this file, which
 * re-exports theirs).
 */
export * from './schema.core.js';
export * from './schema.desk.js';
export * from './schema.attachments.js';
export * from './schema.deliberation.js';
export * from './schema.wecom.js';
export * from './schema.mediation.js';
export * from './schema.wechat-mp.js';
export * from './schema.expectations.js';
export * from './schema.places.js';
export * from './schema.care.js';
export * from './schema.ratings.js';
export * from './schema.backups.js';
