import type { FastifyReply, FastifyRequest } from 'fastify';
import { villagesInScope } from '../data/desk-board.repository.js';
import { villageById, type VillageRow } from '../data/people.repository.js';
import type { Mover } from '../deliberation/deliberation.usecase.js';
import { seesVillage } from '../domain/scope.js';
import { outboxSender } from '../messaging/send.js';
import { deskVillageTexts, type DeskVillageTexts } from '../texts/desk-village.js';
import { chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, select } from './desk.html.js';
import { DESK_PATH, type DeskUser, isSecretaryOf } from './desk.session.js';

export const villageTextsOf = (req: FastifyRequest): DeskVillageTexts => deskVillageTexts(langOf(req));

/** The same page a missing record gets: another village's vote or notice is not confirmed to exist. */
export function notFoundPage(req: FastifyRequest, reply: FastifyReply, user: DeskUser): FastifyReply {
  const t = textsOf(req);
  return sendPage(
    reply,
    chrome(req, user),
    t.desk.errors.notFound,
    `<p class="flash error">${esc(t.desk.errors.notFound)}</p><a href="${DESK_PATH}">${esc(t.desk.errors.back)}</a>`,
    404,
  );
}

export function forbiddenPage(req: FastifyRequest, reply: FastifyReply, user: DeskUser, back: string): FastifyReply {
  const v = villageTextsOf(req);
  return sendPage(
    reply,
    chrome(req, user),
    v.errors.secretaryOnly,
    `<p class="flash error">${esc(v.errors.secretaryOnly)}</p><a href="${esc(back)}">${esc(textsOf(req).desk.errors.back)}</a>`,
    403,
  );
}

/**
 * The villages a list page may show (the session's scope) and the one chosen by `?village=`; an unknown or
 * out-of-scope code is a 404, the same as a village that does not exist.
 */
export async function chosenVillage(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ user: DeskUser; villages: VillageRow[]; village: VillageRow } | null> {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const raw =
    (req.query as Record<string, unknown> | undefined)?.village ??
    (req.body as Record<string, unknown> | undefined)?.village;
  const villages = await villagesInScope(deps.db, user.scope);
  const home = user.kind === 'member' ? villages.find((v) => v.id === user.village.id) : undefined;
  const village = typeof raw === 'string' && raw ? villages.find((v) => v.code === raw) : (home ?? villages[0]);
  if (!village) {
    notFoundPage(req, reply, user);
    return null;
  }
  return { user, villages, village };
}

/** The record's village, when the session sees it; otherwise null (the caller answers 404). */
export async function villageSeen(deps: DeskDeps, user: DeskUser, villageId: number): Promise<VillageRow | null> {
  const village = await villageById(deps.db, villageId);
  return village && seesVillage(user.scope, village) ? village : null;
}

/** The village's decision is its secretary's (or the operator's): a town or county official, a leader or mediator only reads. */
export const mayDecide = (user: DeskUser, village: VillageRow): boolean => isSecretaryOf(user, village.id);

export function villagePicker(req: FastifyRequest, villages: VillageRow[], chosen: VillageRow, action: string): string {
  if (villages.length < 2) return '';
  const t = textsOf(req);
  return `<form method="get" action="${action}" class="filters no-print">${select(
    'village',
    villages.map((v) => [v.code, v.name]),
    chosen.code,
    t.desk.board.village,
  )}<button type="submit">${esc(t.desk.board.apply)}</button></form>`;
}

/** Runs a use case as this desk user, in one transaction, through the outbox; wakes the outbox after. */
export async function asMover<T>(deps: DeskDeps, user: DeskUser, work: (ctx: Mover) => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  const out = await deps.db.transaction((tx) =>
    work({
      tx,
      now,
      send: outboxSender(tx, now),
      by: user.kind === 'member' ? { kind: 'member', id: user.member.id } : { kind: 'admin', id: null },
    }),
  );
  deps.wake();
  return out;
}

export const field = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};
