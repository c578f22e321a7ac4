import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DbOrTx } from '../data/database.js';
import {
  codesSentSince,
  createDeskSession,
  loginFailures,
  loginRequestsSince,
  memberSessionAddresses,
  membersByCode,
  oldestLoginRequestSince,
  recordLoginFailure,
  recordLoginRequest,
  revokeDeskSession,
  storeLoginCode,
  useLoginCode,
} from '../data/desk.repository.js';
import { memberAddresses, type MemberRow, type VillageRow } from '../data/people.repository.js';
import { bindLock, sourceKey } from '../domain/binding.js';
import { defaultLoginPolicy as policy, loginVerdict } from '../domain/login-throttle.js';
import { eventContext, sendToMember } from '../messaging/send.js';
import { audit, chrome, type DeskDeps, loadUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import {
  CODE_MS,
  codeHash,
  DESK_PATH,
  hashOf,
  newLoginCode,
  newToken,
  SESSION_MS,
  sessionCookie,
  signToken,
} from './desk.session.js';
import type { Texts } from '../texts/index.js';

const windows = {
  sourceMax: policy.sourceMax,
  sourceMs: policy.sourceMs,
  subjectMax: policy.subjectHereMax,
  subjectMs: policy.subjectMs,
};
const HOUR_MS = 3600_000;
/** How long an address a member logged in from counts as theirs: the member-wide limits do not hold it back. */
const KNOWN_MS = 90 * 24 * HOUR_MS;
/** Times in login answers: the answer must not depend on whether, or in which village, the member exists. */
const TZ = 'Asia/Shanghai';

const field = z.string().trim().max(64);
const memberForm = z.object({ village: field.optional().default(''), member: field.min(1) });
const codeForm = memberForm.extend({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
const adminForm = z.object({ token: z.string().trim().min(1).max(512) });

function loginPage(
  t: Texts,
  opts: { message?: string; error?: string; village?: string; member?: string; codeStep?: boolean },
): string {
  const l = t.desk.login;
  const hidden = `<input type="hidden" name="village" value="${esc(opts.village)}"><input type="hidden" name="member" value="${esc(opts.member)}">`;
  const step = opts.codeStep
    ? `<h2>${esc(l.codeHeading)}</h2><form method="post" action="${DESK_PATH}/login/code" class="stack">${hidden}
       <label>${esc(l.code)} <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus></label>
       <button type="submit">${esc(l.enter)}</button></form>`
    : `<form method="post" action="${DESK_PATH}/login" class="stack"><p>${esc(l.intro)}</p>
       <label>${esc(l.member)} <input name="member" value="${esc(opts.member)}" required autofocus autocomplete="username"></label>
       <label>${esc(l.village)} <input name="village" value="${esc(opts.village)}" placeholder="${esc(l.villageHint)}"></label>
       <button type="submit">${esc(l.send)}</button></form>`;
  return `<section class="login"><h1>${esc(l.heading)}</h1>${flash(opts.message)}${flash(opts.error, 'error')}${step}
    <details class="admin"><summary>${esc(l.adminHeading)}</summary><form method="post" action="${DESK_PATH}/login/admin" class="stack">
    <label>${esc(l.adminToken)} <input type="password" name="token" required autocomplete="current-password"></label>
    <button type="submit">${esc(l.adminEnter)}</button></form></details></section>`;
}

const sourceOf = (req: FastifyRequest) => sourceKey(req.ip);
/** Outside demo mode the demo village's members are nobody at the desk: their codes are public. */
const notDemo = (deps: DeskDeps) => (found: { village: { isDemo: boolean } }) =>
  deps.demo === true || !found.village.isDemo;

type Found = { member: MemberRow; village: VillageRow };

/**
 * Whom a login form names: the one member it finds, or the text as typed when nobody (or several) has it.
 * Either way it is a subject the throttles count alike, so no answer tells the two apart. Every way of
 * naming a member at the desk goes through here.
 */
async function loginSubject(
  tx: DbOrTx,
  member: string,
  village: string,
  deps: DeskDeps,
): Promise<{ subject: string; found: Found | null }> {
  // The demo's members are nobody outside demo mode: their codes are printed in the README.
  const found = (await membersByCode(tx, member, village || null)).filter(notDemo(deps));
  if (found.length === 1) return { subject: `member:${found[0]!.member.id}`, found: found[0]! };
  return { subject: `typed:${village.toLowerCase()}|${member.toLowerCase()}`, found: null };
}

/** Addresses the member opened a desk session from lately: their own office or phone. */
async function knownSources(tx: DbOrTx, memberId: number, now: Date): Promise<string[]> {
  return [...new Set((await memberSessionAddresses(tx, memberId, new Date(now.getTime() - KNOWN_MS))).map(sourceKey))];
}

/**
 * Sends a code unless, from an address the member never logged in from, this address asked too often for
 * this member or the member got their hour's codes: then nothing is sent and nothing is said. The
 * member's own addresses are held only by their address's budget, so strangers cannot use up their codes.
 */
async function sendCode(tx: DbOrTx, found: Found, source: string, askedHere: number, now: Date): Promise<boolean> {
  const m = found.member;
  if ((await memberAddresses(tx, m.id)).length === 0) return false;
  const known = await knownSources(tx, m.id, now);
  if (!known.includes(source)) {
    if (askedHere >= policy.requestsPerSubjectHere) return false;
    if ((await codesSentSince(tx, m.id, new Date(now.getTime() - HOUR_MS), known)) >= policy.codesPerMember)
      return false;
  }
  const code = newLoginCode();
  await storeLoginCode(tx, {
    memberId: m.id,
    codeHash: codeHash(m.id, code),
    now,
    expiresAt: new Date(now.getTime() + CODE_MS),
    source,
  });
  await sendToMember(eventContext(tx, now), m.id, (mt) => ({
    text: mt.desk.login.chatMessage(code, CODE_MS / 60_000),
  }));
  return true;
}

export function loginRoutes(app: FastifyInstance, deps: DeskDeps): void {
  const { db, clock } = deps;
  const show = (
    req: FastifyRequest,
    reply: Parameters<typeof sendPage>[0],
    opts: Parameters<typeof loginPage>[1],
    status = 200,
  ) => sendPage(reply, chrome(req, null), textsOf(req).desk.login.heading, loginPage(textsOf(req), opts), status);

  app.get(DESK_PATH + '/login', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (await loadUser(deps, req)) return reply.redirect(DESK_PATH, 303);
    const t = textsOf(req);
    return show(req, reply, {
      ...(q.expired ? { error: t.desk.login.expired } : {}),
      ...(q.out ? { message: t.desk.login.loggedOut } : {}),
    });
  });

  // One answer whether the member exists, has a chat account, or got a code: only this address's own limits are told.
  app.post(DESK_PATH + '/login', async (req, reply) => {
    const t = textsOf(req);
    const form = memberForm.safeParse(req.body ?? {});
    if (!form.success) return show(req, reply, { error: t.desk.errors.badInput(t.desk.login.member) }, 400);
    const { village, member } = form.data;
    const now = clock.now();
    const source = sourceOf(req);
    const at = (d: Date) => t.format.clock(d, TZ);
    const answer = await db.transaction(async (tx) => {
      const f = await loginFailures(tx, { subject: null, source }, now, windows);
      const lock = bindLock(f.source, now, policy.sourceMax, policy.sourceMs);
      if (lock.locked) return { error: t.desk.login.locked(at(lock.retryAt!)) } as const;
      const { subject, found } = await loginSubject(tx, member, village, deps);
      const hourAgo = new Date(now.getTime() - HOUR_MS);
      const asked = await loginRequestsSince(tx, { subject, source }, hourAgo);
      if (asked.source >= policy.requestsPerSource) {
        const oldest = await oldestLoginRequestSince(tx, source, hourAgo);
        return { error: t.desk.login.tooManyCodes(at(new Date((oldest ?? now).getTime() + HOUR_MS))) } as const;
      }
      await recordLoginRequest(tx, { subject, source }, now);
      if (found && (await sendCode(tx, found, source, asked.subjectHere, now))) deps.wake();
      return { sent: true } as const;
    });
    if ('error' in answer) return show(req, reply, { error: answer.error, village, member }, 429);
    return show(req, reply, { message: t.desk.login.codeSentIfAny, village, member, codeStep: true });
  });

  app.post(DESK_PATH + '/login/code', async (req, reply) => {
    const t = textsOf(req);
    const form = codeForm.safeParse(req.body ?? {});
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const keep = {
      village: typeof raw.village === 'string' ? raw.village.slice(0, 64) : '',
      member: typeof raw.member === 'string' ? raw.member.slice(0, 64) : '',
    };
    if (!form.success)
      return show(req, reply, { error: t.desk.errors.badInput(t.desk.login.code), ...keep, codeStep: true }, 400);
    const { village, member, code } = form.data;
    const now = clock.now();
    const source = sourceOf(req);
    const refusal = (v: { why: 'locked' | 'slow'; retryAt: Date }) => {
      const at = t.format.clock(v.retryAt, TZ);
      return { error: v.why === 'slow' ? t.desk.login.slowDown(at) : t.desk.login.locked(at), status: 429 } as const;
    };
    const outcome = await db.transaction(async (tx) => {
      const { subject, found } = await loginSubject(tx, member, village, deps);
      const m = found?.member ?? null;
      const f = await loginFailures(tx, { subject, source }, now, windows);
      const known = m ? (await knownSources(tx, m.id, now)).includes(source) : false;
      // Locked means locked: even the right code waits, so guessing is never confirmed by a success.
      const verdict = loginVerdict(f, known, now, policy);
      if (!verdict.allowed) return refusal(verdict);
      if (m && (await useLoginCode(tx, m.id, codeHash(m.id, code), source, now))) {
        const token = newToken();
        const sessionId = await createDeskSession(tx, {
          tokenHash: hashOf(token),
          memberId: m.id,
          admin: false,
          now,
          expiresAt: new Date(now.getTime() + SESSION_MS),
          ip: req.ip,
        });
        return { token, sessionId, memberId: m.id, actor: `${m.code}@${found!.village.code}` } as const;
      }
      await recordLoginFailure(tx, { memberId: m?.id ?? null, subject, source }, now);
      const next = loginVerdict(
        { source: [...f.source, now], subjectHere: [...f.subjectHere, now], subject: [...f.subject, now] },
        known,
        now,
        policy,
      );
      return next.allowed ? ({ error: t.desk.login.wrongCode(next.left), status: 400 } as const) : refusal(next);
    });
    if ('error' in outcome) {
      await audit(deps, req, null, 'login.failed', member, {}, `${member}@${village || '?'}`);
      return show(req, reply, { error: outcome.error, village, member, codeStep: true }, outcome.status);
    }
    await audit(deps, req, null, 'login', null, { sessionId: outcome.sessionId }, outcome.actor);
    return reply
      .header('set-cookie', sessionCookie(req, signToken(outcome.token, deps.secret)))
      .redirect(DESK_PATH, 303);
  });

  app.post(DESK_PATH + '/login/admin', async (req, reply) => {
    const t = textsOf(req);
    const form = adminForm.safeParse(req.body ?? {});
    const now = clock.now();
    const source = sourceOf(req);
    const f = await db.transaction((tx) => loginFailures(tx, { subject: null, source }, now, windows));
    const lock = bindLock(f.source, now, policy.sourceMax, policy.sourceMs);
    if (lock.locked) return show(req, reply, { error: t.desk.login.locked(t.format.clock(lock.retryAt!, TZ)) }, 429);
    if (!form.success || !deps.isAdminToken(form.data.token)) {
      await recordLoginFailure(db, { memberId: null, subject: null, source }, now);
      await audit(deps, req, null, 'login.failed', null, {}, 'admin');
      return show(req, reply, { error: t.desk.login.wrongToken }, 401);
    }
    const token = newToken();
    const sessionId = await createDeskSession(db, {
      tokenHash: hashOf(token),
      memberId: null,
      admin: true,
      now,
      expiresAt: new Date(now.getTime() + SESSION_MS),
      ip: req.ip,
    });
    await audit(deps, req, null, 'login', null, { sessionId }, 'admin');
    return reply.header('set-cookie', sessionCookie(req, signToken(token, deps.secret))).redirect(DESK_PATH, 303);
  });

  app.post(DESK_PATH + '/logout', async (req, reply) => {
    const user = await loadUser(deps, req);
    if (user) {
      await revokeDeskSession(db, user.sessionId, clock.now());
      await audit(deps, req, user, 'logout');
    }
    return reply.header('set-cookie', sessionCookie(req, null)).redirect(`${DESK_PATH}/login?out=1`, 303);
  });
}
