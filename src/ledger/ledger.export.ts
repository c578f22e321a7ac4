import type { Readable } from 'node:stream';
import type { DbOrTx } from '../data/database.js';
import type { ExportFilter } from '../data/export.repository.js';
import { allVillages, villageByCode, type VillageRow } from '../data/people.repository.js';
import { AppError } from '../domain/errors.js';
import { currentMonth, monthPeriod, rangeBound } from '../domain/ledger.js';
import { type Scope, seesVillage } from '../domain/scope.js';
import { textsFor } from '../texts/index.js';
import { ledgerCsv, ledgerTable, ledgerXlsx } from './ledger.build.js';

/** What a ledger export is asked for, as the query string has it (the API and the desk pass the same). */
export interface LedgerAsk {
  village?: string | undefined;
  month?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  filter?: Omit<ExportFilter, 'village' | 'from' | 'to'>;
  language?: 'zh' | 'en';
}

export interface LedgerFile {
  fileName: string;
  /** An ASCII stand-in for clients that cannot read `filename*`. */
  asciiName: string;
  contentType: string;
  /** CSV as text; XLSX as a stream written while it is sent. */
  body: string | Buffer | Readable;
  rows: number;
}

const invalid = (field: string, message: string) =>
  new AppError('validation.failed', `${field}: ${message}`, { issues: [{ path: field, message }] });

/**
 * The village the scope asks about: the one named (404 when the scope does not see it, so an export never
 * tells another village exists), or the only one the scope sees.
 */
export async function villageForScope(db: DbOrTx, scope: Scope, code: string | undefined): Promise<VillageRow> {
  if (code) {
    const v = await villageByCode(db, code);
    if (!v || !seesVillage(scope, v)) throw new AppError('village.not_found', `village ${code} not found`);
    return v;
  }
  const seen = (await allVillages(db)).filter((v) => seesVillage(scope, v));
  if (seen.length === 1) return seen[0]!;
  throw invalid(
    'village',
    seen.length === 0 ? 'no village is in scope' : 'required when several villages are in scope',
  );
}

/** The period: `month` (YYYY-MM), or `from`/`to` (local dates, `to` included, or instants); the current month by default. */
export function periodOf(ask: LedgerAsk, village: VillageRow, now: Date): { from: Date; to: Date; label: string } {
  const tz = village.timezone;
  if (ask.month !== undefined) {
    if (ask.from !== undefined || ask.to !== undefined) throw invalid('month', 'give month, or from/to, not both');
    const p = monthPeriod(ask.month, tz);
    if (!p) throw invalid('month', 'YYYY-MM');
    return { ...p, label: ask.month };
  }
  if (ask.from === undefined && ask.to === undefined) {
    const month = currentMonth(now, tz);
    return { ...monthPeriod(month, tz)!, label: month };
  }
  const from = ask.from === undefined ? new Date(0) : rangeBound(ask.from, tz, false);
  if (!from) throw invalid('from', 'a date YYYY-MM-DD or an ISO 8601 time with a zone');
  const to = ask.to === undefined ? now : rangeBound(ask.to, tz, true);
  if (!to) throw invalid('to', 'a date YYYY-MM-DD or an ISO 8601 time with a zone');
  if (to <= from) throw invalid('to', 'must be after from');
  return { from, to, label: `${ask.from ?? 'start'}_${ask.to ?? 'now'}` };
}

/** The ledger as a file, CSV or XLSX, for the API and the desk alike. */
export async function exportLedger(
  db: DbOrTx,
  scope: Scope,
  ask: LedgerAsk,
  format: 'csv' | 'xlsx',
  now: Date,
): Promise<LedgerFile> {
  const village = await villageForScope(db, scope, ask.village);
  const period = periodOf(ask, village, now);
  const language = ask.language ?? 'zh';
  const t = textsFor(language);
  const table = await ledgerTable(db, {
    scope,
    village,
    from: period.from,
    to: period.to,
    now,
    language,
    ...(ask.filter ? { filter: ask.filter } : {}),
  });
  const base = t.ledger.fileName(village.name, period.label);
  const ascii = `${village.code}-ledger-${period.label}`.replace(/[^\w.-]/g, '_');
  return format === 'csv'
    ? {
        fileName: `${base}.csv`,
        asciiName: `${ascii}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: ledgerCsv(table),
        rows: table.rows.length,
      }
    : {
        fileName: `${base}.xlsx`,
        asciiName: `${ascii}.xlsx`,
        rows: table.rows.length,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await ledgerXlsx(table, t),
      };
}

/** `attachment; filename="…"; filename*=UTF-8''…` so browsers save the Chinese name and old clients an ASCII one. */
export function contentDisposition(file: Pick<LedgerFile, 'fileName' | 'asciiName'>): string {
  return `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
}
