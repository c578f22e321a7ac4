import type { FieldValue, RosterDiff, RowChange, RowRef } from '../domain/roster.diff.js';
import type { MemberRole } from '../domain/routing.js';
import type { Texts } from '../texts/index.js';
import type { RosterDeskTexts } from '../texts/roster-desk.js';
import { esc } from './desk.html.js';

/** At most this many rows a list on the preview; a first import of 400 households is summed up, not listed. */
const SHOWN = 200;

/**
 * What an uploaded roster would change, before the import button: rows added, changed (field: old → new)
 * and removed. The page is the secretary's (who imports), so phones are shown as they are.
 */
export function diffPreview(t: Texts, rt: RosterDeskTexts, diff: RosterDiff): string {
  const p = rt.preview;
  const value = (v: FieldValue) =>
    v === null || v === ''
      ? rt.empty
      : Array.isArray(v)
        ? v.length
          ? v.map((r) => t.role[r as MemberRole] ?? r).join('、')
          : rt.empty
        : typeof v === 'boolean'
          ? v
            ? rt.yes
            : rt.no
          : String(v);
  const label = (f: string) => (rt.fields as Record<string, string>)[f] ?? f;
  const refs = (id: string, heading: string, rows: RowRef[]) =>
    rows.length === 0
      ? ''
      : `<section id="${id}"><h3>${esc(heading)} (${rows.length})</h3>
    <ul>${rows
      .slice(0, SHOWN)
      .map((r) => `<li data-code="${esc(r.code)}">${esc(r.name)} <span class="muted">${esc(r.code)}</span></li>`)
      .join('')}${more(rows.length)}</ul></section>`;
  const changes = (id: string, heading: string, rows: RowChange[]) =>
    rows.length === 0
      ? ''
      : `<section id="${id}"><h3>${esc(heading)} (${rows.length})</h3>
    <ul>${rows
      .slice(0, SHOWN)
      .map(
        (r) =>
          `<li data-code="${esc(r.code)}">${esc(r.name)} <span class="muted">${esc(r.code)}</span>：${r.changes
            .map(
              (c) =>
                `<span class="change">${esc(rt.fieldChange(label(c.field), value(c.before), value(c.after)))}</span>`,
            )
            .join('；')}</li>`,
      )
      .join('')}${more(rows.length)}</ul></section>`;
  const more = (n: number) => (n > SHOWN ? `<li class="muted">${esc(p.more(n - SHOWN))}</li>` : '');
  const body = [
    refs('groups-added', p.groupsAdded, diff.groups.added),
    changes('groups-changed', p.groupsChanged, diff.groups.changed),
    refs('households-added', p.householdsAdded, diff.households.added),
    changes('households-changed', p.householdsChanged, diff.households.changed),
    refs('members-added', p.membersAdded, diff.members.added),
    changes('members-changed', p.membersChanged, diff.members.changed),
    refs('members-removed', p.membersRemoved, diff.members.removed),
    refs('households-left-out', p.householdsLeftOut, diff.households.leftOut),
  ].join('');
  return `<section id="preview"><h2>${esc(p.heading)}</h2><p class="muted">${esc(p.intro)}</p>${body || `<p>${esc(p.nothing)}</p>`}</section>`;
}
