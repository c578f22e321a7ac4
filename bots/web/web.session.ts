import { createHash, createHmac, randomBytes } from 'node:crypto';
import { sameSecret } from '../../src/domain/constant-time.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpHeaders } from '../../src/channels/http.js';

export const SESSION_COOKIE = 'linli_web';
/** A slot is one card used in this browser: `me` for a person's own code, a demo card's code otherwise. */
export const SLOT = /^[A-Za-z0-9-]{1,16}$/;
const YEAR_S = 365 * 24 * 3600;

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

// `<value>.<HMAC-SHA256 in base64 without padding>`: the form @fastify/cookie signed with, so the
// sessions of browsers that had the page open before keep working.
const signature = (value: string, secret: string) =>
  createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');

export function signSession(sessionId: string, secret: string): string {
  return `${sessionId}.${signature(sessionId, secret)}`;
}

/** The session id in a signed value, or null when the value was not signed with this secret. */
export function unsignSession(signed: string, secret: string): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return sameSecret(signature(value, secret), signed.slice(dot + 1)) ? value : null;
}

/** One cookie's value from a Cookie header (URL-decoded), or null. */
export function readCookie(headers: HttpHeaders, name: string): string | null {
  const header = headers.cookie;
  const all = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of all.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/** The browser's session id, when its cookie carries one signed with this secret. */
export function sessionOf(headers: HttpHeaders, secret: string): string | null {
  const signed = readCookie(headers, SESSION_COOKIE);
  return signed ? unsignSession(signed, secret) : null;
}

/** The Set-Cookie value of a new session: a year long, for the chat's path only, never readable by scripts. */
export function sessionCookie(sessionId: string, secret: string, opts: { path: string; secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(signSession(sessionId, secret))}`,
    `Max-Age=${YEAR_S}`,
    `Path=${opts.path}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}
