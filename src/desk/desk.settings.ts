import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { villagesInScope } from '../data/desk-board.repository.js';
import type { VillageRow } from '../data/people.repository.js';
import { setCareCheckin } from '../data/care.repository.js';
import { updateVillageSettings } from '../data/roster.repository.js';
import { villageSettingsShape } from '../domain/roster.schema.js';
import { deskActionTexts } from '../texts/desk-actions.js';
import { backupSection } from './desk.backup.js';
import { issueText } from './desk.board.js';
import { audit, chrome, type DeskDeps, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash, select } from './desk.html.js';
import { DESK_PATH, type DeskUser, isSecretaryOf } from './desk.session.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** The settings form: numbers arrive as text; the limits are the roster file's. */
const settingsForm = z.object({
  village: z.string().min(1).max(64),
  sayThingsDay: int(1, 31),
  sayThingsPlace: villageSettingsShape.sayThingsPlace,
  sayThingsTime: villageSettingsShape.sayThingsTime,
  reminderDaysBefore: int(0, 27),
  reminderHour: int(0, 23),
  quietFrom: int(0, 23),
  quietUntil: int(0, 23),
  timezone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
});

// Where a village may be: China's zone first, then its neighbours; every other zone the runtime knows after them.
const COMMON_ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'];

/** A picker instead of a free-text box: only real zone names can be chosen (the form still checks). */
function zonePicker(lang: 'zh' | 'en', chosen: string, dis: string): string {
  const w = deskActionTexts(lang);
  const all = Intl.supportedValuesOf('timeZone');
  const others = all.filter((z) => !COMMON_ZONES.includes(z));
  if (!COMMON_ZONES.includes(chosen) && !others.includes(chosen)) others.unshift(chosen);
  const opt = (z: string) => `<option value="${esc(z)}"${z === chosen ? ' selected' : ''}>${esc(z)}</option>`;
  return (
    `<select name="timezone" required${dis}><optgroup label="${esc(w.commonZones)}">${COMMON_ZONES.map(opt).join('')}</optgroup>` +
    `<optgroup label="${esc(w.otherZones)}">${others.map(opt).join('')}</optgroup></select>`
  );
}

function form(
  req: FastifyRequest,
  user: DeskUser,
  villages: VillageRow[],
  v: VillageRow,
  message: string | null,
  error: string | null,
): string {
  const t = textsOf(req);
  const s = t.desk.settings;
  const editable = isSecretaryOf(user, v.id);
  const dis = editable ? '' : ' disabled';
  const num = (name: keyof VillageRow, label: string, min: number, max: number) =>
    `<label>${esc(label)} <input type="number" name="${name}" min="${min}" max="${max}" value="${esc(v[name])}" required${dis}></label>`;
  const quiet = v as VillageRow & { quietFrom?: number; quietUntil?: number };
  return `<h1>${esc(s.heading)} · ${esc(v.name)}</h1>${flash(message)}${flash(error, 'error')}
    ${
      villages.length > 1
        ? `<form method="get" class="filters">${select(
            'village',
            villages.map((x) => [x.code, x.name]),
            v.code,
            t.desk.board.village,
          )}<button type="submit">${esc(t.desk.board.apply)}</button></form>`
        : ''
    }
    ${editable ? '' : `<p class="muted">${esc(s.readOnly)}</p>`}
    <form method="post" action="${DESK_PATH}/settings" class="stack settings"><input type="hidden" name="village" value="${esc(v.code)}">
    ${num('sayThingsDay', s.sayThingsDay, 1, 31)}
    <label>${esc(s.place)} <input name="sayThingsPlace" maxlength="100" value="${esc(v.sayThingsPlace)}"${dis}></label>
    <label>${esc(s.time)} <input name="sayThingsTime" maxlength="5" placeholder="9:00" value="${esc(v.sayThingsTime)}"${dis}></label>
    ${num('reminderDaysBefore', s.reminderDaysBefore, 0, 27)}${num('reminderHour', s.reminderHour, 0, 23)}
    <label>${esc(s.quietFrom)} <input type="number" name="quietFrom" min="0" max="23" value="${esc(quiet.quietFrom ?? 21)}" required${dis}></label>
    <label>${esc(s.quietUntil)} <input type="number" name="quietUntil" min="0" max="23" value="${esc(quiet.quietUntil ?? 7)}" required${dis}></label>
    <label>${esc(s.timezone)} ${zonePicker(t.desk.lang.html === 'en' ? 'en' : 'zh', v.timezone, dis)}</label>
    ${editable ? `<button type="submit">${esc(s.save)}</button>` : ''}</form>
    ${checkinForm(t, v, editable)}
    <p id="point-rules-link"><a href="${DESK_PATH}/member-ratings?village=${encodeURIComponent(v.code)}#point-rules">${esc(t.memberRatings.desk.rulesHeading)} →</a></p>`;
}

/** Whether an answered check-in stands in for a care visit: its own small form, the secretary's. */
function checkinForm(t: ReturnType<typeof textsOf>, v: VillageRow, editable: boolean): string {
  const c = t.care.desk.checkinSetting;
  return `<section id="care-checkin"><h2>${esc(c.heading)}</h2><form method="post" action="${DESK_PATH}/settings/care-checkin" class="stack">
    <input type="hidden" name="village" value="${esc(v.code)}"><input type="hidden" name="careCheckin" value="off">
    <label><input type="checkbox" name="careCheckin" value="on"${v.careCheckin ? ' checked' : ''}${editable ? '' : ' disabled'}> ${esc(c.label)}</label>
    <p class="muted">${esc(c.hint)}</p>${editable ? `<button type="submit">${esc(c.save)}</button>` : ''}</form></section>`;
}

async function context(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, code: unknown) {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const villages = await villagesInScope(deps.db, user.scope);
  const village = typeof code === 'string' && code ? villages.find((v) => v.code === code) : villages[0];
  if (!village) {
    const t = textsOf(req);
    void sendPage(
      reply,
      chrome(req, user),
      t.desk.errors.notFound,
      `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`,
      404,
    );
    return null;
  }
  return { user, villages, village };
}

export function settingsRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/settings`, async (req, reply) => {
    const c = await context(deps, req, reply, (req.query as Record<string, unknown>).village);
    if (!c) return reply;
    const backups = await backupSection(req, deps.db, c.user, c.village.timezone, deps.clock.now());
    return sendPage(
      reply,
      chrome(req, c.user),
      textsOf(req).desk.settings.heading,
      form(req, c.user, c.villages, c.village, null, null) + backups,
    );
  });

  app.post(`${DESK_PATH}/settings`, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const c = await context(deps, req, reply, body.village);
    if (!c) return reply;
    const t = textsOf(req);
    const page = (status: number, message: string | null, error: string | null, v = c.village) =>
      sendPage(
        reply,
        chrome(req, c.user),
        t.desk.settings.heading,
        form(req, c.user, c.villages, v, message, error),
        status,
      );
    if (!isSecretaryOf(c.user, c.village.id)) return page(403, null, t.desk.settings.readOnly);
    const parsed = settingsForm.safeParse(body);
    if (!parsed.success) return page(400, null, t.desk.errors.badInput(`body.${issueText(parsed.error)}`));
    const { village: _code, ...values } = parsed.data;
    const stored = await updateVillageSettings(deps.db, c.village.code, values);
    await audit(deps, req, c.user, 'village.settings', c.village.code, values);
    return page(200, t.desk.settings.saved, null, stored ?? c.village);
  });

  app.post(`${DESK_PATH}/settings/care-checkin`, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const c = await context(deps, req, reply, body.village);
    if (!c) return reply;
    const t = textsOf(req);
    if (!isSecretaryOf(c.user, c.village.id)) {
      return sendPage(
        reply,
        chrome(req, c.user),
        t.desk.settings.heading,
        form(req, c.user, c.villages, c.village, null, t.desk.settings.readOnly),
        403,
      );
    }
    // The unchecked box sends only the hidden "off"; checked, "off" and "on".
    const raw = body.careCheckin;
    const on = Array.isArray(raw) ? raw.includes('on') : raw === 'on';
    await setCareCheckin(deps.db, c.village.id, on);
    await audit(deps, req, c.user, 'village.care_checkin', c.village.code, { on });
    return sendPage(
      reply,
      chrome(req, c.user),
      t.desk.settings.heading,
      form(req, c.user, c.villages, { ...c.village, careCheckin: on }, t.care.desk.checkinSetting.saved(on), null),
    );
  });
}
