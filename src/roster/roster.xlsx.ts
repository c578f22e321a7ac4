import type ExcelJS from 'exceljs';
import { excel } from '../documents/excel.js';
import { Readable } from 'node:stream';
import type { RosterExport } from '../data/export.repository.js';
import type { LedgerTexts } from '../texts/ledger.js';
import { textsFor } from '../texts/index.js';
import { careReasonWords } from '../domain/care.js';

/**
 * The roster as a village keeps it in Excel: a 村 sheet (one setting a row), a 户 sheet (one household a
 * row, its group's code, name and leaders on the group's first row) and a 成员 sheet. Reading it gives the
 * JSON roster the import takes (src/roster/roster.import.ts) and, for every cell that is wrong, where it
 * is: sheet, row number as Excel shows it, column header, and the problem in words.
 */
export interface RosterProblem {
  sheet: string;
  /** The row number Excel shows (1 is the header). */
  row: number;
  column: string;
  problem: string;
}

type RT = LedgerTexts['roster'];
type Cell = string | null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** More rows than any village has: a file beyond it is refused rather than read. */
const MAX_ROWS = 20_000;

const villageItems = [
  'code',
  'name',
  'town',
  'county',
  'sayThingsDay',
  'sayThingsPlace',
  'sayThingsTime',
  'reminderDaysBefore',
  'reminderHour',
  'quietFrom',
  'quietUntil',
  'timezone',
] as const;
type VillageItem = (typeof villageItems)[number];
const numberRanges: Partial<Record<VillageItem, [number, number]>> = {
  sayThingsDay: [1, 31],
  reminderDaysBefore: [0, 27],
  reminderHour: [0, 23],
  quietFrom: [0, 23],
  quietUntil: [0, 23],
};
const householdColumns = [
  'groupCode',
  'groupName',
  'leader',
  'deputy',
  'code',
  'head',
  'address',
  'bindCode',
  'special',
] as const;
const memberColumns = ['code', 'name', 'roles', 'bindCode', 'away'] as const;

/** Where each part of the JSON roster came from, to put a schema or import problem back on its cell. */
export interface RosterLocator {
  locate(path: readonly (string | number)[]): { sheet: string; row: number; column: string };
}

export interface ReadRoster {
  roster: Record<string, unknown> | null;
  problems: RosterProblem[];
  locator: RosterLocator;
}

/** A cell as the text a person sees: numbers without a decimal tail, rich text joined, a formula's result. */
function cellText(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return (
        v.richText
          .map((r) => r.text)
          .join('')
          .trim() || null
      );
    if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return cellText(v.text as ExcelJS.CellValue);
    if ('error' in v) return null;
  }
  return String(v as unknown).trim() || null;
}

/** Header names compared without spaces, asterisks, or a note in brackets: `户编号*`, `户编号（必填）`. */
const headerKey = (s: string) => s.replace(/[\s*＊]/g, '').replace(/[（(].*?[)）]/g, '');

function sheetNamed(wb: ExcelJS.Workbook, names: string[]): ExcelJS.Worksheet | undefined {
  const keys = names.map(headerKey);
  return wb.worksheets.find((w) => keys.includes(headerKey(w.name)));
}

/**
 * The first row beyond `max` in any sheet, read as the file streams: a sheet of a million rows is refused
 * at row max + 1, without the whole workbook in memory (a 5 MB file of empty rows unpacks to gigabytes).
 * Null when no sheet is that long, or when the file is no workbook at all (the full read says so).
 */
export async function firstRowBeyond(bytes: Buffer, max: number): Promise<{ sheet: string; row: number } | null> {
  const input = Readable.from([bytes]);
  const reader = new (await excel()).stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'ignore',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  // Without these the reader copies each sheet to a temporary file before reading it (it waits for shared
  // strings it is told to ignore): set, every sheet is read as it comes out of the zip, and reading stops early.
  Object.assign(reader, { sharedStrings: [], workbookRels: [], model: { sheets: [] } });
  try {
    for await (const found of reader) {
      const sheet = found as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      for await (const row of sheet) {
        // A sheet streamed before the workbook's list of names has only a made-up name: none is better.
        if (row.number > max) return { sheet: /^Sheet\d+$/.test(sheet.name) ? '' : sheet.name, row: row.number };
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    input.destroy();
  }
}

/**
 * "9:00" as a secretary types it: Excel may keep it as text, or turn it into a time (a Date on 1899-12-30, or
 * a fraction of a day when the cell is a number); each is read back as "H:MM".
 */
function timeOfDay(v: ExcelJS.CellValue): Cell {
  const hm = (minutes: number) => `${Math.floor(minutes / 60) % 24}:${String(minutes % 60).padStart(2, '0')}`;
  if (v instanceof Date) return hm(v.getUTCHours() * 60 + v.getUTCMinutes());
  if (typeof v === 'number' && v >= 0 && v < 1) return hm(Math.round(v * 24 * 60));
  return cellText(v);
}

/** Reads the workbook; `roster` is null when a cell problem makes it pointless to go on. */
export async function readRosterWorkbook(bytes: Buffer, language: 'zh' | 'en' = 'zh'): Promise<ReadRoster> {
  const t = textsFor(language).ledger.roster;
  const other = textsFor(language === 'zh' ? 'en' : 'zh').ledger.roster;
  const problems: RosterProblem[] = [];
  const places = new Map<string, { sheet: string; row: number; column: string }>();
  const locator: RosterLocator = {
    locate(path) {
      for (let n = path.length; n > 0; n--) {
        const hit = places.get(path.slice(0, n).join('.'));
        if (hit) return hit;
      }
      return { sheet: t.sheets.households, row: 1, column: '' };
    },
  };
  const beyond = await firstRowBeyond(bytes, MAX_ROWS);
  if (beyond) {
    problems.push({ sheet: beyond.sheet, row: beyond.row, column: '', problem: t.problems.tooManyRows(MAX_ROWS) });
    return { roster: null, problems, locator };
  }
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(bytes as never);
  } catch {
    problems.push({ sheet: '', row: 0, column: '', problem: t.problems.notAWorkbook });
    return { roster: null, problems, locator };
  }
  const need = (names: [string, string]) => {
    const ws = sheetNamed(wb, names);
    if (!ws) problems.push({ sheet: names[0], row: 0, column: '', problem: t.problems.missingSheet(names[0]) });
    return ws;
  };
  const vs = need([t.sheets.village, other.sheets.village]);
  const hs = need([t.sheets.households, other.sheets.households]);
  const ms = need([t.sheets.members, other.sheets.members]);
  if (!vs || !hs || !ms) return { roster: null, problems, locator };
  // The streaming count has stopped such a file already; this guards a file only the full reader could open.
  if (hs.rowCount > MAX_ROWS || ms.rowCount > MAX_ROWS) {
    problems.push({
      sheet: hs.rowCount > MAX_ROWS ? hs.name : ms.name,
      row: MAX_ROWS + 1,
      column: '',
      problem: t.problems.tooManyRows(MAX_ROWS),
    });
    return { roster: null, problems, locator };
  }
  const village = readVillage(vs, t, other, problems, places);
  const { groups, households } = readHouseholds(hs, t, other, problems, places);
  const members = readMembers(ms, t, other, problems, places);
  return { roster: { village, groups, households, members }, problems, locator };
}

function readVillage(
  ws: ExcelJS.Worksheet,
  t: RT,
  other: RT,
  problems: RosterProblem[],
  places: Map<string, { sheet: string; row: number; column: string }>,
) {
  const byLabel = new Map<string, VillageItem>();
  for (const item of villageItems)
    for (const label of [t.village[item], other.village[item], item]) byLabel.set(headerKey(label), item);
  const village: Record<string, unknown> = {};
  ws.eachRow((row, n) => {
    const label = cellText(row.getCell(1).value);
    const item = label ? byLabel.get(headerKey(label)) : undefined;
    if (!item) return;
    const where = { sheet: ws.name, row: n, column: t.village.value };
    places.set(`village.${item}`, where);
    const raw = row.getCell(2).value;
    const value = item === 'sayThingsTime' ? timeOfDay(raw) : cellText(raw);
    if (value === null) {
      // An emptied place or time is cleared; an emptied number keeps what the village has.
      if (item === 'sayThingsPlace' || item === 'sayThingsTime') village[item] = null;
      return;
    }
    const range = numberRanges[item];
    if (range) {
      const num = Number(value);
      if (!Number.isInteger(num)) problems.push({ ...where, problem: t.problems.notANumber });
      else if (num < range[0] || num > range[1])
        problems.push({ ...where, problem: t.problems.outOfRange(range[0], range[1]) });
      else village[item] = num;
      return;
    }
    village[item] = value;
  });
  for (const item of ['code', 'name'] as const) {
    if (
      village[item] === undefined &&
      !problems.some((p) => p.sheet === ws.name && places.get(`village.${item}`)?.row === p.row)
    ) {
      const where = places.get(`village.${item}`) ?? { sheet: ws.name, row: 0, column: t.village[item] };
      problems.push({ ...where, problem: where.row ? t.problems.required : t.problems.missingColumn(t.village[item]) });
    }
  }
  return village;
}

/** Column positions by header, in either language; missing required columns are problems of row 1. */
function columnsOf<K extends string>(
  ws: ExcelJS.Worksheet,
  keys: readonly K[],
  names: Record<K, string>,
  otherNames: Record<K, string>,
  required: readonly K[],
  problems: RosterProblem[],
  t: RT,
): Map<K, number> {
  const at = new Map<K, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const h = cellText(cell.value);
    if (!h) return;
    const key = keys.find((k) => headerKey(names[k]) === headerKey(h) || headerKey(otherNames[k]) === headerKey(h));
    if (key && !at.has(key)) at.set(key, col);
  });
  for (const k of required)
    if (!at.has(k))
      problems.push({ sheet: ws.name, row: 1, column: names[k], problem: t.problems.missingColumn(names[k]) });
  return at;
}

function readHouseholds(
  ws: ExcelJS.Worksheet,
  t: RT,
  other: RT,
  problems: RosterProblem[],
  places: Map<string, { sheet: string; row: number; column: string }>,
) {
  const cols = columnsOf(
    ws,
    householdColumns,
    t.households,
    other.households,
    ['groupCode', 'code', 'head'],
    problems,
    t,
  );
  const groups: {
    code: string;
    name: string | undefined;
    leader: string | null;
    deputy: string | null;
    firstRow: number;
    rows: Record<string, number>;
  }[] = [];
  const households: Record<string, unknown>[] = [];
  if (problems.some((p) => p.sheet === ws.name && p.row === 1)) return { groups: [], households: [] };
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const get = (k: (typeof householdColumns)[number]) =>
      cols.has(k) ? cellText(row.getCell(cols.get(k)!).value) : null;
    const values = householdColumns.map(get);
    if (values.every((x) => x === null)) return;
    const where = (k: (typeof householdColumns)[number]) => ({ sheet: ws.name, row: n, column: t.households[k] });
    const groupCode = get('groupCode');
    let g = groupCode ? groups.find((x) => x.code === groupCode) : undefined;
    if (groupCode && !g) {
      g = { code: groupCode, name: undefined, leader: null, deputy: null, firstRow: n, rows: {} };
      groups.push(g);
      const i = groups.length - 1;
      places.set(`groups.${i}`, where('groupCode'));
      places.set(`groups.${i}.code`, where('groupCode'));
    }
    if (g) {
      const i = groups.indexOf(g);
      for (const [k, field] of [
        ['groupName', 'name'],
        ['leader', 'leader'],
        ['deputy', 'deputy'],
      ] as const) {
        const value = get(k);
        if (value === null) continue;
        const known = g[field];
        if (known === undefined || known === null) {
          g[field] = value;
          g.rows[field] = n;
          places.set(`groups.${i}.${field}`, where(k));
        } else if (known !== value) {
          problems.push({
            ...where(k),
            problem: t.problems.groupDiffers(g.code, t.households[k], g.rows[field] ?? g.firstRow),
          });
        }
      }
    }
    const index = households.length;
    const h: Record<string, unknown> = {};
    for (const [k, field] of [
      ['code', 'code'],
      ['groupCode', 'group'],
      ['head', 'head'],
      ['address', 'address'],
      ['bindCode', 'bindCode'],
      ['special', 'care'],
    ] as const) {
      places.set(`households.${index}.${field}`, where(k));
      const value = get(k);
      if (value !== null) h[field] = value;
      // With the 特殊户 column in the sheet, an empty cell says the household is no longer cared for.
      else if (k === 'special' && cols.has(k)) h[field] = null;
      else if (k === 'code' || k === 'groupCode' || k === 'head')
        problems.push({ ...where(k), problem: t.problems.required });
    }
    places.set(`households.${index}`, where('code'));
    households.push(h);
  });
  groups.forEach((g) => {
    if (g.name === undefined)
      problems.push({
        sheet: ws.name,
        row: g.firstRow,
        column: t.households.groupName,
        problem: t.problems.newGroupNoName(g.code),
      });
  });
  return {
    groups: groups.map((g) => ({ code: g.code, name: g.name ?? '', leader: g.leader, deputy: g.deputy })),
    households,
  };
}

function readMembers(
  ws: ExcelJS.Worksheet,
  t: RT,
  other: RT,
  problems: RosterProblem[],
  places: Map<string, { sheet: string; row: number; column: string }>,
) {
  const cols = columnsOf(ws, memberColumns, t.members, other.members, ['code', 'name', 'roles'], problems, t);
  const members: Record<string, unknown>[] = [];
  // A member left out of the sheet has no row: a problem about one is put on the sheet's header.
  places.set('members', { sheet: ws.name, row: 1, column: t.members.code });
  if (problems.some((p) => p.sheet === ws.name && p.row === 1)) return members;
  const roleOf = new Map<string, string>();
  for (const [role, words] of Object.entries(t.roleWords)) for (const w of words) roleOf.set(w.toLowerCase(), role);
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const get = (k: (typeof memberColumns)[number]) => (cols.has(k) ? cellText(row.getCell(cols.get(k)!).value) : null);
    if (memberColumns.every((k) => get(k) === null)) return;
    const where = (k: (typeof memberColumns)[number]) => ({ sheet: ws.name, row: n, column: t.members[k] });
    const index = members.length;
    const m: Record<string, unknown> = {};
    for (const k of memberColumns) places.set(`members.${index}.${k}`, where(k));
    places.set(`members.${index}`, where('code'));
    for (const k of ['code', 'name'] as const) {
      const value = get(k);
      if (value === null) problems.push({ ...where(k), problem: t.problems.required });
      else m[k] = value;
    }
    const words = (get('roles') ?? '').split(/[、,，;；/\s]+/).filter(Boolean);
    if (words.length === 0) problems.push({ ...where('roles'), problem: t.problems.required });
    const roles: string[] = [];
    for (const w of words) {
      const role = roleOf.get(w.toLowerCase());
      if (!role) problems.push({ ...where('roles'), problem: t.problems.unknownRole(w) });
      else if (!roles.includes(role)) roles.push(role);
    }
    m.roles = roles;
    const bind = get('bindCode');
    if (bind !== null) m.bindCode = bind;
    const away = get('away');
    m.away = away !== null && t.yesWords.includes(away.toLowerCase());
    members.push(m);
  });
  return members;
}

/**
 * A schema or import problem (`households.7.group: unknown group g99`) in the secretary's words, on its
 * cell. Messages the schema and the import write are matched by their shape; anything else is passed on.
 */
export function problemOf(
  path: readonly (string | number)[],
  message: string,
  locator: RosterLocator,
  t: RT,
): RosterProblem {
  const where = locator.locate(path);
  const field = String(path[path.length - 1] ?? '');
  const m = (re: RegExp) => re.exec(message);
  const roleWord = (role: string) => t.roleWords[role]?.[0] ?? role;
  let problem: string;
  let hit: RegExpExecArray | null;
  if ((hit = m(/^duplicate code (.+)$/))) problem = t.problems.duplicate(hit[1]!);
  else if ((hit = m(/^unknown member (.+)$/))) problem = t.problems.unknownMember(hit[1]!);
  else if ((hit = m(/^unknown group (.+)$/))) problem = t.problems.unknownGroup(hit[1]!);
  else if ((hit = m(/^bind code (\S+) already used/))) problem = t.problems.bindCodeTaken(hit[1]!);
  else if ((hit = m(/^bind code (\S+) cannot be used/))) problem = t.problems.bindCodeOtherVillage(hit[1]!);
  else if ((hit = m(/^may not give or take away the role (\S+)/))) problem = t.problems.roleNotYours(roleWord(hit[1]!));
  else if ((hit = m(/^may not change the village's (town|county)/)))
    problem = t.problems.placeNotYours(hit[1] as 'town' | 'county');
  else if ((hit = m(/^member (\S+) holds (\S+) and is left out/)))
    problem = t.problems.leftOutNotYours(hit[1]!, roleWord(hit[2]!));
  else if (/^not a village you may import/.test(message)) problem = t.problems.villageNotYours;
  else if ((hit = m(/^unknown care reason (.+)$/))) problem = t.problems.unknownCareReason(hit[1]!);
  else if ((hit = m(/kept from the last import \((\S+)\)/))) problem = t.problems.keptCodeClash(hit[1]!);
  else if (/letters or digits/.test(message)) problem = t.problems.bindCodeFormat;
  else if (/time zone/.test(message)) problem = t.problems.timezone;
  else if (/may not start with ~/.test(message)) problem = t.problems.reservedCode;
  else if (
    /received undefined|Too small: expected string to have >=1/.test(message) ||
    (field === 'roles' && /Too small/.test(message))
  )
    problem = t.problems.required;
  else if ((hit = m(/Too big: expected string to have <=(\d+)/))) problem = t.problems.tooLong(Number(hit[1]));
  else problem = t.problems.other(message);
  return { ...where, problem };
}

/**
 * The template: a guide, the village's settings to fill in, the households and the members, headers in
 * Chinese. Given a village's roster, it comes filled in: download, edit, upload.
 */
export async function rosterTemplate(language: 'zh' | 'en' = 'zh', filled?: RosterExport): Promise<Buffer> {
  const t = textsFor(language).ledger.roster;
  const wb = new (await excel()).Workbook();
  wb.creator = 'Linli 邻里';
  const guide = wb.addWorksheet(t.sheets.guide);
  guide.getColumn(1).width = 110;
  t.guide.forEach((line, i) => {
    const c = guide.getCell(i + 1, 1);
    c.value = line;
    if (i === 0) c.font = { bold: true, size: 14 };
  });

  const vs = wb.addWorksheet(t.sheets.village, { views: [{ state: 'frozen', ySplit: 1 }] });
  vs.columns = [
    { header: t.village.item, width: 20 },
    { header: t.village.value, width: 28 },
    { header: t.village.note, width: 60 },
  ];
  const defaults: Partial<Record<VillageItem, string | number>> = {
    sayThingsDay: 10,
    reminderDaysBefore: 3,
    reminderHour: 8,
    quietFrom: 21,
    quietUntil: 7,
    timezone: 'Asia/Shanghai',
  };
  const current = (item: VillageItem): string | number | null => {
    if (!filled) return defaults[item] ?? null;
    const v = filled.village[item];
    return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
  };
  for (const item of villageItems) vs.addRow([t.village[item], current(item), t.villageNotes[item]]);
  vs.getColumn(2).numFmt = '@';

  const sheet = (name: string, headers: string[], widths: number[], required: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 14 }));
    // Card codes like 012345 must stay text, or Excel drops the leading zero.
    for (let i = 1; i <= headers.length; i++) ws.getColumn(i).numFmt = '@';
    const head = ws.getRow(1);
    head.font = { bold: true };
    for (const i of required)
      head.getCell(i).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };
    return ws;
  };
  const hs = sheet(
    t.sheets.households,
    householdColumns.map((k) => t.households[k]),
    [10, 14, 12, 12, 12, 10, 20, 14, 12],
    [1, 5, 6],
  );
  if (filled) {
    const seen = new Set<string>();
    for (const h of filled.households) {
      const g = filled.groups.find((x) => x.code === h.group);
      const first = g !== undefined && !seen.has(h.group);
      seen.add(h.group);
      hs.addRow([
        h.group,
        first ? g.name : null,
        first ? g.leader : null,
        first ? g.deputy : null,
        h.code,
        h.head,
        h.address,
        h.bindCode,
        h.care ? careReasonWords[h.care][0]! : null,
      ]);
    }
  }
  const roleWord = (role: string) => t.roleWords[role]?.[0] ?? role;
  const ms = sheet(
    t.sheets.members,
    memberColumns.map((k) => t.members[k]),
    [12, 10, 22, 14, 10],
    [1, 2, 3],
  );
  for (const m of filled?.members ?? [])
    ms.addRow([
      m.code,
      m.name,
      m.roles.map(roleWord).join('、'),
      m.bindCode,
      m.away ? t.yesWords[0] : language === 'zh' ? '否' : 'no',
    ]);
  // One range rule rather than a rule per cell, so the sheet has no pre-made rows: appended rows start at row 2.
  (ms as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    'E2:E5000',
    { type: 'list', allowBlank: true, formulae: [`"${t.yesWords[0]},${language === 'zh' ? '否' : 'no'}"`] },
  );
  for (const s of [vs, ms]) s.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
