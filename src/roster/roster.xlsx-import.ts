import type { Db } from '../data/database.js';
import { AppError } from '../domain/errors.js';
import { rosterSchema } from '../domain/roster.schema.js';
import { textsFor } from '../texts/index.js';
import { type ImportOptions, importRoster, type ImportSummary } from './roster.import.js';
import { problemOf, type ReadRoster, readRosterWorkbook, type RosterProblem } from './roster.xlsx.js';

export interface XlsxImportResult {
  valid: boolean;
  dryRun: boolean;
  problems: RosterProblem[];
  /** What the import did, or (dry run) would do; null when the file has problems. */
  summary: ImportSummary | null;
  /** How many of the file's card codes cannot be used because another village holds them (the desk throttles on it). */
  unusableCodes?: number;
}

/** Thrown inside the dry run's transaction to roll back everything the import wrote, outbox included. */
class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/**
 * An Excel roster through the same import as the JSON roster. A dry run goes all the way through the
 * import (so codes of other villages and re-issued cards are checked too) inside a transaction that is
 * rolled back: the report is exact and nothing is written.
 */
export async function importRosterXlsx(
  db: Db,
  file: Buffer | ReadRoster,
  opts: ImportOptions & { dryRun: boolean; language?: 'zh' | 'en' },
): Promise<XlsxImportResult> {
  const t = textsFor(opts.language ?? 'zh').ledger.roster;
  // A workbook already read (the desk's check, kept for its import button) is not read again.
  const read = Buffer.isBuffer(file) ? await readRosterWorkbook(file, opts.language ?? 'zh') : file;
  const fail = (problems: RosterProblem[], unusableCodes = 0): XlsxImportResult => ({
    valid: false,
    dryRun: opts.dryRun,
    problems: sortProblems(problems),
    summary: null,
    ...(unusableCodes ? { unusableCodes } : {}),
  });
  if (!read.roster || read.problems.length) return fail(read.problems);
  const parsed = rosterSchema.safeParse(read.roster);
  if (!parsed.success)
    return fail(parsed.error.issues.map((i) => problemOf(i.path as (string | number)[], i.message, read.locator, t)));
  const { dryRun: _dryRun, language: _language, ...importOpts } = opts;
  try {
    if (!opts.dryRun)
      return { valid: true, dryRun: false, problems: [], summary: await importRoster(db, read.roster, importOpts) };
    await db.transaction(async (tx) => {
      throw new DryRunDone(await importRoster(tx as unknown as Db, read.roster, importOpts));
    });
    throw new Error('unreachable: the dry run always rolls back');
  } catch (err) {
    if (err instanceof DryRunDone) return { valid: true, dryRun: true, problems: [], summary: err.summary };
    if (err instanceof AppError && err.code === 'roster.invalid' && Array.isArray(err.details?.issues)) {
      return fail(
        (err.details.issues as string[]).map((issue) => {
          const at = issue.indexOf(': ');
          const path = (at > 0 ? issue.slice(0, at) : '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
          return problemOf(path, at > 0 ? issue.slice(at + 2) : issue, read.locator, t);
        }),
        Number(err.details.unusableCodes ?? 0),
      );
    }
    throw err;
  }
}

function sortProblems(list: RosterProblem[]): RosterProblem[] {
  return [...list].sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
}
