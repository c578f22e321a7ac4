import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../data/database.js';
import { groupsLedBy, liveDeskSession, memberWithVillage, writeAudit } from '../data/desk.repository.js';
import type { Clock } from '../domain/clock.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { AppError } from '../domain/errors.js';
import type { MediaStore } from '../domain/media.js';
import type { Classifier } from '../domain/classification.js';
import { scopeOf as scopeText } from './desk.scope-text.js';
import { type Texts, textsFor } from '../texts/index.js';
import { type Chrome, layout } from './desk.html.js';
import {
  auditName,
  DESK_COOKIE,
  DESK_PATH,
  type DeskUser,
  hashOf,
  LANG_COOKIE,
  readCookie,
  scopeOf,
  unsignToken,
} from './desk.session.js';

export interface DeskDeps {
  db: Db;
  clock: Clock;
  sla: SlaPolicy;
  /** Signs the session cookie. */
  secret: string;
  /** Whether a typed admin token is the deployment's. */
  isAdminToken: (token: string) => boolean;
  /** Wakes the outbox after a change that told someone something. */
  wake: () => void;
  /** Demo mode: only then may members of the demo village (whose codes are public) use the desk. */
  demo?: boolean;
  /** Where photos and voice notes are kept: the desk shows them on the request's page. */
  media?: MediaStore;
  /** Reads what a member files for a household on the desk (代报), as the chat reads it. */
  classifier?: Classifier;
}

export const langOf = (req: FastifyRequest): 'zh' | 'en' => (readCookie(req, LANG_COOKIE) === 'en' ? 'en' : 'zh');
export const textsOf = (req: FastifyRequest): Texts => textsFor(langOf(req));

/** The person behind the request's desk cookie, or null: a missing, forged, expired or revoked session, or a member no longer on the roster. */
export async function loadUser(deps: DeskDeps, req: FastifyRequest): Promise<DeskUser | null> {
  const signed = readCookie(req, DESK_COOKIE);
  const token = signed ? unsignToken(signed, deps.secret) : null;
  if (!token) return null;
  const session = await liveDeskSession(deps.db, hashOf(token), deps.clock.now());
  if (!session) return null;
  if (session.admin) return { kind: 'admin', sessionId: session.id, scope: { kind: 'all' } };
  if (session.memberId === null) return null;
  const found = await memberWithVillage(deps.db, session.memberId);
  if (!found?.member.active) return null;
  if (found.village.isDemo && !deps.demo) return null;
  const led = await groupsLedBy(deps.db, found.member.id);
  return {
    kind: 'member',
    sessionId: session.id,
    member: found.member,
    village: found.village,
    groupNames: led.map((g) => g.name),
    scope: scopeOf(
      found.member,
      found.village,
      led.map((g) => g.id),
    ),
  };
}

/** The user, or: a page is sent to the login, a desk API call gets 401. */
export async function requireUser(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply): Promise<DeskUser | null> {
  const user = await loadUser(deps, req);
  if (user) return user;
  if (req.method === 'GET' && /text\/html/.test(req.headers.accept ?? '')) {
    void reply.redirect(`${DESK_PATH}/login?expired=1`, 303);
    return null;
  }
  throw new AppError('auth.missing_token', 'a desk session is required: log in at /desk/login');
}

export async function audit(
  deps: DeskDeps,
  req: FastifyRequest,
  user: DeskUser | null,
  action: string,
  target?: string | null,
  details?: Record<string, unknown>,
  actorName?: string,
): Promise<void> {
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    sessionId: user?.sessionId ?? null,
    memberId: user?.kind === 'member' ? user.member.id : null,
    actor: user ? auditName(user) : (actorName ?? 'anonymous'),
    action,
    target: target ?? null,
    ...(details ? { details } : {}),
    ip: req.ip,
  });
}

export function chrome(req: FastifyRequest, user: DeskUser | null, extra: Partial<Chrome> = {}): Chrome {
  const t = textsOf(req);
  const whoLine = !user
    ? ''
    : user.kind === 'admin'
      ? t.desk.whoAdmin
      : t.desk.who(user.member.name, user.member.roles.map((r) => t.role[r] ?? r).join('、'), user.village.name);
  return { t, user, whoLine: user ? `${whoLine} · ${scopeText(t, user)}` : '', here: req.url, ...extra };
}

export function sendPage(reply: FastifyReply, c: Chrome, title: string, body: string, status = 200): FastifyReply {
  // same-origin rather than the service's no-referrer: a form posted from a desk page then carries its Origin, which the desk checks.
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(layout(c, title, body));
}
