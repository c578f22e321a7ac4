import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { sameSecret } from '../domain/constant-time.js';
import type { FastifyRequest } from 'fastify';
import type { MemberRow, VillageRow } from '../data/people.repository.js';
import type { Scope } from '../domain/scope.js';

export const DESK_PATH = '/desk';
export const DESK_COOKIE = 'linli_desk';
export const LANG_COOKIE = 'linli_desk_lang';
/** A desk session lasts a working day. */
export const SESSION_MS = 8 * 3600_000;
export const CODE_MS = 10 * 60_000;

export const newToken = (): string => randomBytes(24).toString('base64url');
export const hashOf = (value: string): string => createHash('sha256').update(value).digest('base64url');
/** Six digits, 000000–999999, from the system's random source. */
export const newLoginCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
/** Codes are hashed with the member they were sent to, so one hash says nothing about another member's code. */
export const codeHash = (memberId: number, code: string): string => hashOf(`${memberId}:${code}`);

const signature = (value: string, secret: string) => createHmac('sha256', secret).update(value).digest('base64url');

export function signToken(token: string, secret: string): string {
  return `${token}.${signature(token, secret)}`;
}

export function unsignToken(signed: string, secret: string): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return sameSecret(signature(value, secret), signed.slice(dot + 1)) ? value : null;
}

export function readCookie(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** HTTP-only, the desk's path only, never sent from another site's page; Secure over https. */
export function sessionCookie(req: FastifyRequest, value: string | null): string {
  return [
    `${DESK_COOKIE}=${value ? encodeURIComponent(value) : ''}`,
    `Max-Age=${value ? SESSION_MS / 1000 : 0}`,
    `Path=${DESK_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(req.protocol === 'https' ? ['Secure'] : []),
  ].join('; ');
}

export function langCookie(req: FastifyRequest, lang: 'zh' | 'en'): string {
  return [
    `${LANG_COOKIE}=${lang}`,
    `Max-Age=${365 * 24 * 3600}`,
    `Path=${DESK_PATH}`,
    'SameSite=Strict',
    ...(req.protocol === 'https' ? ['Secure'] : []),
  ].join('; ');
}

/** Who is at the desk: the admin (sees all) or a member with the scope their widest role gives. */
export type DeskUser =
  | { kind: 'admin'; sessionId: number; scope: Scope }
  | {
      kind: 'member';
      sessionId: number;
      scope: Scope;
      member: MemberRow;
      village: VillageRow;
      /** The groups they lead or deputise, by name. */ groupNames: string[];
    };

/**
 * The widest role decides: county staff → the county, town staff → the town, a secretary or mediator → the
 * village, a group leader → the groups they lead or deputise. Without a town (or county) on the roster,
 * town (county) staff see their own village.
 */
export function scopeOf(member: MemberRow, village: VillageRow, ledGroups: number[]): Scope {
  const has = (role: string) => member.roles.includes(role as MemberRow['roles'][number]);
  if (has('county_staff') && village.county) return { kind: 'county', county: village.county };
  if (has('town_staff') && village.town) return { kind: 'town', town: village.town };
  if (has('secretary') || has('mediator') || has('town_staff') || has('county_staff'))
    return { kind: 'village', villageId: village.id };
  return { kind: 'groups', villageId: village.id, groupIds: ledGroups };
}

export const isSecretaryOf = (user: DeskUser, villageId: number): boolean =>
  user.kind === 'admin' || (user.member.roles.includes('secretary') && user.village.id === villageId);

/** How the audit log names the person: `admin`, or `s-01@xiaoyingdian`. */
export const auditName = (user: DeskUser): string =>
  user.kind === 'admin' ? 'admin' : `${user.member.code}@${user.village.code}`;
