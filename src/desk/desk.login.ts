import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  codesSentSince, createDeskSession, loginFailures, membersByCode, recordLoginFailure, revokeDeskSession, storeLoginCode, useLoginCode,
} from '../data/desk.repository.js';
import { memberAddresses } from '../data/people.repository.js';
import { bindLock, defaultIdentityPolicy, sourceKey } from '../domain/binding.js';
import { eventContext, sendToMember } from '../messaging/send.js';
import { audit, chrome, type DeskDeps, loadUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import { CODE_MS, codeHash, DESK_PATH, hashOf, newLoginCode, newToken, SESSION_MS, sessionCookie, signToken } from './desk.session.js';
import type { Texts } from '../texts/index.js';

/** Wrong codes: as many per member as an account gets for binding, as many per address as a web client. */
const limits = {
  memberMax: defaultIdentityPolicy.perAccount, memberMs: defaultIdentityPolicy.accountWindowMs,
  sourceMax: defaultIdentityPolicy.perSource, sourceMs: defaultIdentityPolicy.sourceWindowMs,
};
/** Codes sent to one member in an hour. */
const CODES_PER_HOUR = 5;

const field = z.string().trim().max(64);
const memberForm = z.object({ village: field.optional().default(''), member: field.min(1) });
const codeForm = memberForm.extend({ code: z.string().trim().regex(/^\d{6}$/) });
const adminForm = z.object({ token: z.string().trim().min(1).max(512) });

function loginPage(t: Texts, opts: { message?: string; error?: string; village?: string; member?: string; codeStep?: boolean }): string {
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

export function loginRoutes(app: FastifyInstance, deps: DeskDeps): void {
  const { db, clock } = deps;
  const show = (req: FastifyRequest, reply: Parameters<typeof sendPage>[0], opts: Parameters<typeof loginPage>[1], status = 200) =>
    sendPage(reply, chrome(req, null), textsOf(req).desk.login.heading, loginPage(textsOf(req), opts), status);

  app.get(DESK_PATH + '/login', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (await loadUser(deps, req)) return reply.redirect(DESK_PATH, 303);
    const t = textsOf(req);
    return show(req, reply, { ...(q.expired ? { error: t.desk.login.expired } : {}), ...(q.out ? { message: t.desk.login.loggedOut } : {}) });
  });

  app.post(DESK_PATH + '/login', async (req, reply) => {
    const t = textsOf(req);
    const form = memberForm.safeParse(req.body ?? {});
    if (!form.success) return show(req, reply, { error: t.desk.errors.badInput(t.desk.login.member) }, 400);
    const { village, member } = form.data;
    const now = clock.now();
    const source = sourceOf(req);
    return db.transaction(async (tx) => {
      const found = await membersByCode(tx, member, village || null);
      const f = await loginFailures(tx, found.length === 1 ? found[0]!.member.id : null, source, now, limits);
      const lock = bindLock(f.source, now, limits.sourceMax, limits.sourceMs);
      const at = (d: Date) => t.format.clock(d, found[0]?.village.timezone ?? 'Asia/Shanghai');
      if (lock.locked) return show(req, reply, { error: t.desk.login.locked(at(lock.retryAt!)), village, member }, 429);
      if (found.length === 0) {
        // An unknown code counts against the address: member codes are short, so guessing them is throttled too.
        await recordLoginFailure(tx, null, source, now);
        return show(req, reply, { error: t.desk.login.unknownMember, village, member }, 400);
      }
      if (found.length > 1) {
        // Several of one name in a village: the group or the card's code tells them apart.
        const oneVillage = new Set(found.map((f) => f.village.id)).size === 1;
        return show(req, reply, { error: oneVillage ? t.desk.login.whichMember : t.desk.login.whichVillage, member, ...(oneVillage ? { village } : {}) }, 400);
      }
      const { member: m, village: v } = found[0]!;
      const memberLock = bindLock(f.member, now, limits.memberMax, limits.memberMs);
      if (memberLock.locked) return show(req, reply, { error: t.desk.login.locked(at(memberLock.retryAt!)), village: v.code, member }, 429);
      const accounts = await memberAddresses(tx, m.id);
      if (accounts.length === 0) return show(req, reply, { error: t.desk.login.noAccount, village: v.code, member }, 400);
      if (await codesSentSince(tx, m.id, new Date(now.getTime() - 3600_000)) >= CODES_PER_HOUR) {
        return show(req, reply, { error: t.desk.login.tooManyCodes(at(new Date(now.getTime() + 3600_000))), village: v.code, member }, 429);
      }
      const code = newLoginCode();
      await storeLoginCode(tx, { memberId: m.id, codeHash: codeHash(m.id, code), now, expiresAt: new Date(now.getTime() + CODE_MS), source });
      await sendToMember(eventContext(tx, now), m.id, (mt) => ({ text: mt.desk.login.chatMessage(code, CODE_MS / 60_000) }));
      deps.wake();
      const platforms = [...new Set(accounts.map((a) => t.identity.platform[a.platform]))].join(' / ');
      return show(req, reply, { message: t.desk.login.codeSent(platforms), village: v.code, member, codeStep: true });
    });
  });

  app.post(DESK_PATH + '/login/code', async (req, reply) => {
    const t = textsOf(req);
    const form = codeForm.safeParse(req.body ?? {});
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const keep = { village: typeof raw.village === 'string' ? raw.village.slice(0, 64) : '', member: typeof raw.member === 'string' ? raw.member.slice(0, 64) : '' };
    if (!form.success) return show(req, reply, { error: t.desk.errors.badInput(t.desk.login.code), ...keep, codeStep: true }, 400);
    const { village, member, code } = form.data;
    const now = clock.now();
    const source = sourceOf(req);
    const outcome = await db.transaction(async (tx) => {
      const found = await membersByCode(tx, member, village || null);
      const m = found.length === 1 ? found[0]!.member : null;
      const f = await loginFailures(tx, m?.id ?? null, source, now, limits);
      const tz = found[0]?.village.timezone ?? 'Asia/Shanghai';
      for (const [dates, max, ms] of [[f.source, limits.sourceMax, limits.sourceMs], [f.member, limits.memberMax, limits.memberMs]] as const) {
        const lock = bindLock(dates, now, max, ms);
        // Locked means locked: even the right code waits, so guessing is never confirmed by a success.
        if (lock.locked) return { error: t.desk.login.locked(t.format.clock(lock.retryAt!, tz)), status: 429 } as const;
      }
      if (m && await useLoginCode(tx, m.id, codeHash(m.id, code), now)) {
        const token = newToken();
        const sessionId = await createDeskSession(tx, { tokenHash: hashOf(token), memberId: m.id, admin: false, now, expiresAt: new Date(now.getTime() + SESSION_MS), ip: req.ip });
        return { token, sessionId, memberId: m.id, actor: `${m.code}@${found[0]!.village.code}` } as const;
      }
      await recordLoginFailure(tx, m?.id ?? null, source, now);
      const left = Math.min(limits.sourceMax - f.source.length, m ? limits.memberMax - f.member.length : Infinity) - 1;
      return { error: left > 0 ? t.desk.login.wrongCode(left) : t.desk.login.locked(t.format.clock(new Date(now.getTime() + limits.sourceMs), tz)), status: left > 0 ? 400 : 429 } as const;
    });
    if ('error' in outcome) {
      await audit(deps, req, null, 'login.failed', member, {}, `${member}@${village || '?'}`);
      return show(req, reply, { error: outcome.error, village, member, codeStep: true }, outcome.status);
    }
    await audit(deps, req, null, 'login', null, { sessionId: outcome.sessionId }, outcome.actor);
    return reply.header('set-cookie', sessionCookie(req, signToken(outcome.token, deps.secret))).redirect(DESK_PATH, 303);
  });

  app.post(DESK_PATH + '/login/admin', async (req, reply) => {
    const t = textsOf(req);
    const form = adminForm.safeParse(req.body ?? {});
    const now = clock.now();
    const source = sourceOf(req);
    const f = await db.transaction((tx) => loginFailures(tx, null, source, now, limits));
    const lock = bindLock(f.source, now, limits.sourceMax, limits.sourceMs);
    if (lock.locked) return show(req, reply, { error: t.desk.login.locked(t.format.clock(lock.retryAt!, 'Asia/Shanghai')) }, 429);
    if (!form.success || !deps.isAdminToken(form.data.token)) {
      await recordLoginFailure(db, null, source, now);
      await audit(deps, req, null, 'login.failed', null, {}, 'admin');
      return show(req, reply, { error: t.desk.login.wrongToken }, 401);
    }
    const token = newToken();
    const sessionId = await createDeskSession(db, { tokenHash: hashOf(token), memberId: null, admin: true, now, expiresAt: new Date(now.getTime() + SESSION_MS), ip: req.ip });
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
