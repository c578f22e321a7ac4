import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setPointRule } from '../data/member-ratings.repository.js';
import { villageRoster, type VillageRow } from '../data/people.repository.js';
import { AppError } from '../domain/errors.js';
import { isQuarter, pointRuleKeys, quarterOf } from '../domain/member-points.js';
import { formatRef } from '../domain/reference.js';
import { memberShown } from '../messaging/people.pick.js';
import { collectPoints, type Standings, standings, publishStars } from './member-points.usecase.js';
import { openRound } from './rating-round.usecase.js';
import { ratingPct } from './ratings.texts.js';
import { audit, chrome, type DeskDeps, sendPage, textsOf } from '../desk/desk.context.js';
import { esc, flash } from '../desk/desk.html.js';
import { DESK_PATH, type DeskUser } from '../desk/desk.session.js';
import { asMover, chosenVillage, field, forbiddenPage, mayDecide, villagePicker } from '../desk/desk.village-scope.js';

const PAGE = `${DESK_PATH}/member-ratings`;

/**
 * Who sees whose results: the secretary all of the village, town and county staff their villages' (the scope already
 * narrowed the villages), the operator everything; any other member only their own line and points.
 */
const seesAll = (user: DeskUser, village: VillageRow): boolean =>
  mayDecide(user, village) ||
  (user.kind === 'member' && user.member.roles.some((r) => r === 'town_staff' || r === 'county_staff'));

function quarterAsked(req: FastifyRequest, village: VillageRow, now: Date): string {
  const raw =
    (req.query as Record<string, unknown> | undefined)?.quarter ??
    (req.body as Record<string, unknown> | undefined)?.quarter;
  return typeof raw === 'string' && isQuarter(raw) ? raw : quarterOf(now, village.timezone);
}

/** The standings as this user may see them; the ledger is first brought up to date from the quarter's events. */
async function seen(
  deps: DeskDeps,
  user: DeskUser,
  village: VillageRow,
  quarter: string,
): Promise<Standings & { ownOnly: boolean }> {
  await deps.db.transaction((tx) => collectPoints(tx, village, quarter, deps.clock.now()));
  const all = await standings(deps.db, village, quarter);
  if (seesAll(user, village)) return { ...all, ownOnly: false };
  const me = user.kind === 'member' ? user.member.id : -1;
  return {
    ...all,
    members: all.members.filter((m) => m.memberId === me),
    ledger: all.ledger.filter((p) => p.memberId === me),
    ownOnly: true,
  };
}

async function page(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  found: { user: DeskUser; villages: VillageRow[]; village: VillageRow },
  message = '',
  status = 200,
): Promise<FastifyReply> {
  const { user, villages, village } = found;
  const t = textsOf(req);
  const m = t.memberRatings;
  const d = m.desk;
  const now = deps.clock.now();
  const quarter = quarterAsked(req, village, now);
  const s = await seen(deps, user, village, quarter);
  // Named as people know them: two 李海生 of one village are told apart by their group or role.
  const roster = await villageRoster(deps.db, village.id);
  const shownById = new Map(roster.members.map((r) => [r.id, memberShown(t, roster, r)]));
  const names = new Map(s.members.map((x) => [x.memberId, shownById.get(x.memberId) ?? x.name]));
  const c = d.columns;
  const table = `<table class="board" id="member-stars"><thead><tr><th>${esc(c.member)}</th><th>${esc(c.points)}</th><th>${esc(c.requestRatings)}</th>
    <th>${esc(c.roundRatings)}</th><th>${esc(c.satisfaction)}</th><th>${esc(c.stars)}</th></tr></thead><tbody>${s.members
      .map(
        (x) =>
          `<tr data-member="${esc(x.code)}" data-points="${x.points}" data-stars="${x.stars ?? ''}"><td data-label="${esc(c.member)}">${esc(names.get(x.memberId) ?? x.name)}</td>
    <td data-label="${esc(c.points)}">${x.points}</td><td data-label="${esc(c.requestRatings)}">${esc(d.counts(x.requestRatings))}</td>
    <td data-label="${esc(c.roundRatings)}">${esc(d.counts(x.roundRatings))}</td><td data-label="${esc(c.satisfaction)}">${esc(ratingPct(x.satisfaction))}</td>
    <td data-label="${esc(c.stars)}">${esc(x.stars === null ? d.notRated : d.stars(x.stars))}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  const lc = d.ledgerColumns;
  const ledger = s.ledger.length
    ? `<table class="board" id="points-ledger"><thead><tr><th>${esc(lc.at)}</th><th>${esc(lc.member)}</th><th>${esc(lc.rule)}</th><th>${esc(lc.points)}</th><th>${esc(lc.source)}</th></tr></thead>
    <tbody>${s.ledger
      .map(
        (
          p,
        ) => `<tr data-event="${p.eventId ?? ''}"><td>${esc(t.format.due(p.at, village.timezone))}</td><td>${esc(names.get(p.memberId) ?? '')}</td>
    <td>${esc(m.rule[p.rule as keyof typeof m.rule] ?? p.rule)}</td><td>${p.points}</td>
    <td>${p.requestRef !== null ? `<a href="${DESK_PATH}/requests/${p.requestRef}">${esc(formatRef(p.requestRef))}</a> ` : ''}${p.caseId !== null ? esc(d.caseSource(p.caseId)) : esc(p.eventId !== null ? d.eventSource(p.eventId, p.eventType ?? '') : '')}</td></tr>`,
      )
      .join('')}</tbody></table>`
    : `<p>${esc(d.ledgerNone)}</p>`;
  const decide = mayDecide(user, village);
  const hidden = `<input type="hidden" name="village" value="${esc(village.code)}"><input type="hidden" name="quarter" value="${esc(quarter)}">`;
  const round = `<section id="rating-round"><h2>${esc(d.roundHeading)}</h2><p>${esc(s.round ? d.roundOpen(t.format.due(s.round.openedAt, village.timezone), t.format.due(s.round.closesAt, village.timezone)) : d.roundNone)}</p>
    ${decide && !s.round && quarter === quarterOf(now, village.timezone) ? `<form method="post" action="${PAGE}/round" class="no-print">${hidden}<button type="submit">${esc(d.openRound)}</button></form>` : ''}</section>`;
  const rules = decide
    ? `<section id="point-rules" class="no-print"><h2>${esc(d.rulesHeading)}</h2><p class="muted">${esc(d.rulesHint)}</p>
    <form method="post" action="${PAGE}/rules">${hidden}${pointRuleKeys.map((k) => `<label class="inline">${esc(m.rule[k])} <input type="number" name="rule:${k}" min="-100" max="100" value="${s.rules[k]}"></label>`).join(' ')}
    <button type="submit">${esc(d.saveRules)}</button></form></section>`
    : '';
  const publish = decide
    ? `<section id="publish-stars" class="no-print"><h2>${esc(d.publishHeading)}</h2>${
        s.publication
          ? `<p>${esc(d.publishedAlready(`G${s.publication.noticeId}`))} <a href="${DESK_PATH}/notices/${s.publication.noticeId}">→</a></p>`
          : `<p class="muted">${esc(d.publishHint)}</p><form method="post" action="${PAGE}/publish">${hidden}<button type="submit">${esc(d.publish)}</button></form>`
      }</section>`
    : '';
  const filter = `<form method="get" action="${PAGE}" class="filters no-print">${villages.length > 1 ? `<input type="hidden" name="village" value="${esc(village.code)}">` : ''}
    <label>${esc(d.quarterLabel)} <input name="quarter" value="${esc(quarter)}" pattern="\\d{4}-Q[1-4]" size="8"></label><button type="submit">${esc(d.show)}</button></form>`;
  const body = `<h1>${esc(d.heading(village.name, quarter))}</h1>${message}${villagePicker(req, villages, village, PAGE)}${filter}
    ${s.ownOnly ? `<p class="muted" id="own-only">${esc(d.ownOnly)}</p>` : ''}${table}${round}<section><h2>${esc(d.ledgerHeading)}</h2>${ledger}</section>${rules}${publish}`;
  return sendPage(reply, chrome(req, user, { printable: true }), d.nav, body, status);
}

export function memberRatingRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(PAGE, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    return found ? page(deps, req, reply, found) : reply;
  });

  app.get(`${DESK_PATH}/api/member-ratings`, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const s = await seen(deps, found.user, found.village, quarterAsked(req, found.village, deps.clock.now()));
    return reply.header('cache-control', 'no-store').send(s);
  });

  app.post(`${PAGE}/round`, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, PAGE);
    const out = await asMover(deps, user, (ctx) => openRound(ctx, village));
    const d = textsOf(req).memberRatings.desk;
    if (out.opened)
      await audit(deps, req, user, 'rating.round', out.quarter, { households: out.households, accounts: out.accounts });
    return page(deps, req, reply, found, out.opened ? flash(d.roundOpened(out.households, out.accounts)) : '');
  });

  app.post(`${PAGE}/rules`, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, PAGE);
    const now = deps.clock.now();
    const given = pointRuleKeys.map((k) => [k, field(req.body, `rule:${k}`)] as const).filter(([, v]) => v !== '');
    if (given.some(([, v]) => !/^-?\d{1,3}$/.test(v) || Math.abs(Number(v)) > 100))
      throw new AppError('validation.failed', 'points are whole numbers from -100 to 100');
    await deps.db.transaction(async (tx) => {
      for (const [k, v] of given) await setPointRule(tx, village.id, k, Number(v), now);
    });
    await audit(deps, req, user, 'rating.rules', village.code, Object.fromEntries(given));
    return page(deps, req, reply, found, flash(textsOf(req).memberRatings.desk.rulesSaved));
  });

  app.post(`${PAGE}/publish`, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, PAGE);
    const quarter = quarterAsked(req, village, deps.clock.now());
    await deps.db.transaction((tx) => collectPoints(tx, village, quarter, deps.clock.now()));
    const d = textsOf(req).memberRatings.desk;
    const out = await asMover(deps, user, (ctx) => publishStars(ctx, village, quarter));
    if (!out) return page(deps, req, reply, found, flash(d.nothingToPublish, 'error'), 409);
    await audit(deps, req, user, 'rating.publish', quarter, { notice: out.notice, accounts: out.accounts });
    return page(deps, req, reply, found, flash(d.published(out.notice)));
  });
}
