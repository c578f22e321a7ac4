import { deskMediationTexts } from '../texts/desk-mediation.js';
import { type Texts, textsFor } from '../texts/index.js';
import { deskVillageTexts } from '../texts/desk-village.js';
import { rosterDeskTexts } from '../texts/roster-desk.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Everything a person typed is escaped before it reaches a page. */
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);

export interface Chrome {
  t: Texts;
  user: DeskUser | null;
  /** How the header names the person and their scope. */
  whoLine?: string;
  /** The path the language switch returns to. */
  here: string;
  /** Pages meant for paper leave out the navigation when printed. */
  printable?: boolean;
}

export function layout(c: Chrome, title: string, body: string): string {
  const d = c.t.desk;
  const switchTo = `${DESK_PATH}/lang?to=${d.lang.otherCode}&back=${encodeURIComponent(c.here)}`;
  const nav = c.user
    ? `<nav class="no-print">
    <a href="${DESK_PATH}">${esc(d.nav.board)}</a><a href="${DESK_PATH}/rates">${esc(d.nav.rates)}</a>
    <a href="${DESK_PATH}/say-things">${esc(d.nav.sayThings)}</a><a href="${DESK_PATH}/cases">${esc(deskMediationTexts(d.lang.html === 'en' ? 'en' : 'zh').nav)}</a><a href="${DESK_PATH}/votes">${esc(deskVillageTexts(d.lang.html === 'en' ? 'en' : 'zh').nav.votes)}</a><a href="${DESK_PATH}/notices">${esc(deskVillageTexts(d.lang.html === 'en' ? 'en' : 'zh').nav.notices)}</a><a href="${DESK_PATH}/settings">${esc(d.nav.settings)}</a>${c.user.kind === 'admin' || c.user.member.roles.includes('secretary') ? `<a href="${DESK_PATH}/roster">${esc(d.nav.roster)}</a>` : ''}<a href="${DESK_PATH}/roster/households">${esc(rosterDeskTexts(d.lang.html === 'en' ? 'en' : 'zh').nav)}</a>
    <a href="${DESK_PATH}/care">${esc(c.t.care.desk.title)}</a>
    <a href="${DESK_PATH}/member-ratings">${esc(textsFor(d.lang.html).memberRatings.desk.nav)}</a>
    <form method="post" action="${DESK_PATH}/logout" class="inline"><button type="submit" class="link">${esc(d.nav.logout)}</button></form>
  </nav>`
    : '';
  return `<!doctype html><html lang="${d.lang.html}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(d.title)}</title><link rel="stylesheet" href="${DESK_PATH}/assets/desk.css"></head>
<body><header><strong class="brand">${esc(d.title)}</strong><span class="who">${esc(c.whoLine ?? '')}</span>
<a class="lang no-print" href="${esc(switchTo)}">${esc(d.lang.other)}</a>${nav}</header>
<main>${body}</main><script src="${DESK_PATH}/assets/desk.js"></script></body></html>`;
}

/** A `<select>` of options; the chosen value is marked. */
export function select(name: string, options: [string, string][], chosen: string | undefined, label: string): string {
  return `<label>${esc(label)} <select name="${esc(name)}">${options
    .map(([v, l]) => `<option value="${esc(v)}"${v === (chosen ?? '') ? ' selected' : ''}>${esc(l)}</option>`)
    .join('')}</select></label>`;
}

export const flash = (text: string | null | undefined, kind: 'ok' | 'error' = 'ok'): string =>
  text ? `<p class="flash ${kind}" role="status">${esc(text).replace(/\n/g, '<br>')}</p>` : '';
