import type { DbOrTx } from '../data/database.js';
import { type ExportedRequest, type ExportFilter, requestsPage } from '../data/export.repository.js';
import { villageByCode } from '../data/people.repository.js';
import type { RequestKind } from '../domain/classification.js';
import { AppError } from '../domain/errors.js';
import { expandStatuses, rangeBound, runningDeadline } from '../domain/ledger.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { type Scope, seesVillage } from '../domain/scope.js';

/** The request list's query as the API takes it (the desk passes the same). */
export interface ListAsk {
  village?: string | undefined;
  /** Statuses, each may be `open`; from `status=a,b` or a repeated `status`. */
  status?: string[] | undefined;
  kind?: RequestKind | undefined;
  assignee?: string | undefined;
  group?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  overdue?: boolean | undefined;
  pageSize: number;
  page?: number | undefined;
  cursor?: string | undefined;
}

export interface ListedItem {
  ref: number;
  reference: string;
  village: string;
  kind: string;
  status: string;
  urgency: string;
  summary: string;
  household: string;
  group: { code: string; name: string } | null;
  assignee: { code: string; name: string } | null;
  deadline: { stage: 'accept' | 'resolve'; due: string } | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

const invalid = (field: string, message: string) =>
  new AppError('validation.failed', `querystring.${field}: ${message}`, { fields: [{ field, message }] });

/** One request as lists show it; `masked` hides phone and ID numbers in every text (lists are read on shared screens). */
export function listedItem(x: ExportedRequest, now: Date, masked: boolean): ListedItem {
  const d = runningDeadline(x.r, now);
  const m = (text: string) => (masked ? maskPersonalNumbers(text) : text);
  return {
    ref: x.r.ref,
    reference: `#${x.r.ref}`,
    village: x.village,
    kind: x.r.kind,
    status: x.r.status,
    urgency: x.r.urgency,
    summary: m(x.r.summary),
    household: m(x.household),
    group: x.group ? { code: x.group, name: m(x.groupName ?? x.group) } : null,
    assignee: x.assigneeCode ? { code: x.assigneeCode, name: m(x.assigneeName ?? '') } : null,
    deadline: d ? { stage: d.stage, due: d.due.toISOString() } : null,
    overdue: d?.overdue ?? false,
    createdAt: x.r.createdAt.toISOString(),
    updatedAt: x.r.updatedAt.toISOString(),
  };
}

/**
 * The request list within a scope: newest first, `pageSize` at a time, `next` is the cursor of the page
 * after (null on the last page). Local dates in `from`/`to` are read in the village's time zone (Asia/Shanghai
 * when no village is named).
 */
export async function listRequestsInScope(db: DbOrTx, scope: Scope, ask: ListAsk, now: Date) {
  let timezone = 'Asia/Shanghai';
  if (ask.village) {
    const v = await villageByCode(db, ask.village);
    // A village outside the scope lists nothing, as one that does not exist.
    if (!v || !seesVillage(scope, v))
      return { items: [], page: ask.page ?? 1, pageSize: ask.pageSize, total: 0, next: null };
    timezone = v.timezone;
  }
  const filter: ExportFilter = {};
  if (ask.village) filter.village = ask.village;
  if (ask.status?.length) {
    const statuses = expandStatuses(
      ask.status
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    );
    if (statuses === 'unknown')
      throw invalid(
        'status',
        'open, or one of submitted, assigned, accepted, escalated, resolved, closed, reopened, withdrawn, invalid',
      );
    filter.statuses = statuses;
  }
  if (ask.kind) filter.kind = ask.kind;
  if (ask.assignee) filter.assignee = ask.assignee;
  if (ask.group) filter.group = ask.group;
  if (ask.overdue) filter.overdue = true;
  for (const [field, end] of [
    ['from', false],
    ['to', true],
  ] as const) {
    const raw = ask[field];
    if (raw === undefined) continue;
    const at = rangeBound(raw, timezone, end);
    if (!at) throw invalid(field, 'a date YYYY-MM-DD or an ISO 8601 time with a zone');
    filter[field] = at;
  }
  let beforeRef: number | undefined;
  if (ask.cursor !== undefined) {
    if (!/^\d{1,10}$/.test(ask.cursor)) throw invalid('cursor', 'the `next` of the previous page');
    beforeRef = Number(ask.cursor);
  }
  const { items, more, total } = await requestsPage(db, scope, filter, now, {
    pageSize: ask.pageSize,
    ...(beforeRef !== undefined ? { beforeRef } : {}),
    ...(ask.page ? { page: ask.page } : {}),
  });
  const last = items[items.length - 1];
  return {
    items: items.map((x) => listedItem(x, now, true)),
    page: ask.page ?? 1,
    pageSize: ask.pageSize,
    total,
    next: more && last ? String(last.r.ref) : null,
  };
}
