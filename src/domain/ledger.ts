import { atLocal, localParts } from './local-time.js';
import { openStatuses, type RequestStatus, waitingForAccept } from './request.machine.js';

/** The clock a request is on now: waiting to be accepted, or accepted and waiting to be resolved. */
export interface RunningDeadline {
  stage: 'accept' | 'resolve';
  due: Date;
  overdue: boolean;
}

/**
 * The deadline the sweep watches (src/rhythm/deadlines.sweep.ts): the accept deadline while the assignee has
 * yet to accept, the resolve deadline once accepted; none for topics, proposals and finished requests.
 */
export function runningDeadline(
  r: { status: RequestStatus; acceptDueAt: Date | null; resolveDueAt: Date | null },
  now: Date,
): RunningDeadline | null {
  const stage = r.status === 'accepted' ? 'resolve' : waitingForAccept.includes(r.status) ? 'accept' : null;
  const due = stage === 'resolve' ? r.resolveDueAt : stage === 'accept' ? r.acceptDueAt : null;
  if (!stage || !due) return null;
  return { stage, due, overdue: due.getTime() < now.getTime() };
}

/** `status=open` means every status in which somebody still has to act. */
export function expandStatuses(asked: readonly string[]): RequestStatus[] | 'unknown' {
  const out = new Set<RequestStatus>();
  for (const s of asked) {
    if (s === 'open') for (const o of openStatuses) out.add(o);
    else if (
      (
        [
          'submitted',
          'assigned',
          'accepted',
          'escalated',
          'resolved',
          'closed',
          'reopened',
          'withdrawn',
          'invalid',
        ] as string[]
      ).includes(s)
    )
      out.add(s as RequestStatus);
    else return 'unknown';
  }
  return [...out];
}

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-11` → the month as instants in the village's time zone. */
export function monthPeriod(month: string, timezone: string): Period | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return {
    from: atLocal(timezone, y, mo, 1),
    to: mo === 12 ? atLocal(timezone, y + 1, 1, 1) : atLocal(timezone, y, mo + 1, 1),
  };
}

/** The month it is now in the village (YYYY-MM). */
export function currentMonth(now: Date, timezone: string): string {
  const p = localParts(now, timezone);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/**
 * A bound of a date range: a local date (`2026-11-03`, the whole day: `to` includes it) or an instant
 * (ISO 8601 with a zone). Null when it is neither.
 */
export function rangeBound(value: string, timezone: string, end: boolean): Date | null {
  const d = DATE.exec(value);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (m < 1 || m > 12 || day < 1 || day > 31) return null;
    return end ? atLocal(timezone, y, m, day + 1) : atLocal(timezone, y, m, day);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** `2026-11-03 14:05` in the village's time zone, as a ledger writes it. */
export function localStamp(at: Date | null, timezone: string): string {
  if (!at) return '';
  const p = localParts(at, timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** One CSV field by RFC 4180: quoted when it holds a comma, a quote, a line break (or leading/trailing space); quotes doubled. */
export function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV file: CRLF line ends (RFC 4180) and a UTF-8 byte-order mark, without which Excel on a
 * village office PC reads the Chinese as GBK and shows mojibake. A field starting with = + - @ is kept
 * as text for Excel by a leading apostrophe, so residents' words never run as a formula.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const safe = (v: string | number | null) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const line = (cells: readonly (string | number | null)[]) => cells.map((c) => csvField(safe(c))).join(',');
  return `\uFEFF${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}
