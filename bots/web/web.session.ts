import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../src/chat/identity.repo.js';

export const SESSION_COOKIE = 'linli_web';
/** A slot is one card used in this browser: `me` for a person's own code, a demo card's code otherwise. */
export const SLOT = /^[A-Za-z0-9-]{1,16}$/;

export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The web user id stored as the identity: derived from the browser's session and the slot, never the
 * session id itself, so a leaked database row cannot be turned into a cookie.
 */
export function webUserId(sessionId: string, slot: string): string {
  return `w${createHash('sha256').update(`${sessionId}\0${slot}`).digest('base64url').slice(0, 24)}`;
}

/**
 * The cookie-signing secret when LINLI_SESSION_SECRET is unset: derived from the admin token on a shared
 * PostgreSQL (every instance has the same token), generated once into the data folder when embedded.
 */
export function fallbackSessionSecret(opts: { dataDir: string; adminToken: string | null }): string {
  if (opts.adminToken) return createHmac('sha256', opts.adminToken).update('linli web session').digest('base64url');
  const file = join(opts.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(opts.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The line under the page title: which village and which household or member this page speaks for. */
export function signedInAs(actor: Actor): string | null {
  if (actor.kind === 'resident') return `${actor.village.name} · ${actor.household.address ?? actor.household.code}`;
  if (actor.kind === 'member') return `${actor.village.name} · ${actor.member.name}`;
  return null;
}
