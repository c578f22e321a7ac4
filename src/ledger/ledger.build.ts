import { PassThrough, type Readable } from 'node:stream';
import { excel } from '../documents/excel.js';
import type { DbOrTx } from '../data/database.js';
import { type ExportFilter, ledgerData, type LedgerData } from '../data/export.repository.js';
import type { VillageRow } from '../data/people.repository.js';
import type { EventRow } from '../data/requests.repository.js';
import { csvDocument, localStamp, runningDeadline } from '../domain/ledger.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import type { Scope } from '../domain/scope.js';
import { type Texts, textsFor } from '../texts/index.js';

/**
 * The ledger (台账) of a village for a period, as a table: one row per request and one per ledger event,
 * dates in the village's time zone. Phone and ID numbers are masked as in every copy that leaves the
 * assignee (the file is printed, mailed to the town, kept on office PCs): in every cell, since a number
 * is typed into an address or a name as easily as into a report.
 */
export interface LedgerTable {
  header: string[];
  rows: (string | number | null)[][];
  timelineHeader: string[];
  timeline: (string | number | null)[][];
}

export interface LedgerQuery {
  scope: Scope;
  village: VillageRow;
  from: Date;
  to: Date;
  /** Further filters of the request list (statuses, group…). */
  filter?: Omit<ExportFilter, 'village' | 'from' | 'to'>;
  now: Date;
  language?: 'zh' | 'en';
}

export async function ledgerTable(db: DbOrTx, q: LedgerQuery): Promise<LedgerTable> {
  const data = await ledgerData(db, q.scope, q.village, { ...q.filter, from: q.from, to: q.to }, q.now);
  return tableOf(data, textsFor(q.language ?? 'zh'), q.now);
}

const masked = (row: (string | number | null)[]) =>
  row.map((v) => (typeof v === 'string' ? maskPersonalNumbers(v) : v));

export function tableOf(data: LedgerData, t: Texts, now: Date): LedgerTable {
  const c = t.ledger.columns;
  const tz = data.village.timezone;
  const at = (d: Date | null) => localStamp(d, tz);
  const yes = (b: boolean) => (b ? t.ledger.yes : t.ledger.no);
  const header = [
    c.ref,
    c.kind,
    c.status,
    c.urgent,
    c.summary,
    c.text,
    c.household,
    c.head,
    c.address,
    c.group,
    c.assignee,
    c.submittedAt,
    c.acceptedAt,
    c.resolvedAt,
    c.closedAt,
    c.acceptDue,
    c.resolveDue,
    c.overdue,
    c.resolution,
    c.rating,
    c.filedBy,
  ];
  const rows = data.rows.map(({ r, ...x }) =>
    masked([
      formatRef(r.ref),
      t.kind[r.kind],
      t.status[r.status],
      yes(r.urgency === 'urgent'),
      r.summary,
      r.text,
      x.household,
      x.head,
      x.address,
      x.groupName ?? x.group,
      x.assigneeName,
      at(r.createdAt),
      at(r.acceptedAt),
      at(r.resolvedAt),
      at(r.closedAt),
      at(r.acceptDueAt),
      at(r.resolveDueAt),
      yes(runningDeadline(r, now)?.overdue ?? false),
      r.resolution,
      r.rating ? t.rating[r.rating] : null,
      filedByOf(r.details, t),
    ]),
  );
  const tc = t.ledger.timelineColumns;
  const timeline = data.rows.flatMap(({ r }) =>
    (data.events.get(r.ref) ?? []).map((e) =>
      masked([formatRef(r.ref), at(e.at), t.event[e.type] ?? e.type, actorOf(e, data, t), noteOf(e, data, t, tz)]),
    ),
  );
  return { header, rows, timelineHeader: [tc.ref, tc.at, tc.event, tc.actor, tc.note], timeline };
}

/** 代报: the member who filed it for the household (src/care), in words; null for the household's own. */
export function filedByOf(details: Record<string, unknown>, t: Texts): string | null {
  const f = details.filedBy as { name?: unknown; onVisit?: unknown } | undefined;
  return f && typeof f.name === 'string' ? t.care.filedBy(f.name, f.onVisit === true) : null;
}

function actorOf(e: EventRow, data: LedgerData, t: Texts): string {
  if (e.actorKind === 'member' && e.actorId !== null) return data.names.get(e.actorId) ?? '';
  return e.actorKind === 'resident' ? t.ledger.actor.resident : t.ledger.actor.system;
}

/** What an event says beyond its name, in words: the note, the result, who it went to, the rating. */
function noteOf(e: EventRow, data: LedgerData, t: Texts, tz: string): string | null {
  const d = e.details;
  const name = (k: string) => (typeof d[k] === 'number' ? (data.names.get(d[k]) ?? null) : null);
  const text = (k: string) => (typeof d[k] === 'string' ? d[k] : null);
  switch (e.type) {
    case 'note':
    case 'resolved':
      return text('text');
    case 'invalid':
      return text('reason');
    case 'assigned':
      return name('assigneeId');
    case 'copied':
      return name('memberId');
    case 'transferred':
    case 'escalated':
      return (
        [name('to'), typeof d.reason === 'string' ? (t.event[d.reason] ?? null) : null].filter(Boolean).join(' ') ||
        null
      );
    case 'rated':
      return typeof d.rating === 'string' && d.rating in t.rating ? t.rating[d.rating as keyof Texts['rating']] : null;
    case 'reminded':
      return typeof d.due === 'string' ? localStamp(new Date(d.due), tz) : null;
    case 'topic':
      return typeof d.session === 'string' ? d.session : null;
    case 'carried_over':
      return typeof d.to === 'string' ? d.to : null;
    default:
      return null;
  }
}

export function ledgerCsv(table: LedgerTable): string {
  return csvDocument(table.header, table.rows);
}

/**
 * The XLSX: the ledger on the first sheet, the timeline on the second, headers frozen, widths set for reading. Written
 * row by row into the returned stream (exceljs' streaming writer): the in-memory workbook held every cell as an object
 * and grew the service by ~300 MB for a village's two years.
 */
export async function ledgerXlsx(table: LedgerTable, t: Texts = textsFor('zh')): Promise<Readable> {
  const out = new PassThrough();
  const wb = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Linli 邻里';
  const sheet = (name: string, header: string[], rows: (string | number | null)[][], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) {
      const row = ws.addRow(r.map((v) => (v === null ? '' : v)));
      row.alignment = { vertical: 'top', wrapText: true };
      row.commit();
    }
    ws.commit();
  };
  void (async () => {
    sheet(
      t.ledger.sheets.requests,
      table.header,
      table.rows,
      [8, 10, 12, 6, 30, 40, 10, 10, 16, 14, 10, 17, 17, 17, 17, 17, 17, 6, 30, 10],
    );
    sheet(t.ledger.sheets.timeline, table.timelineHeader, table.timeline, [8, 17, 16, 12, 50]);
    await wb.commit();
  })().catch((err: Error) => out.destroy(err));
  return out;
}
