import type { RequestKind } from './classification.js';
import { openStatuses, type RequestStatus } from './request.machine.js';

/** The code of the group and household that reports from other systems without a household are filed under. */
export const UNATTACHED_CODE = '~open311';

/** GeoReport services are the request kinds people can file (not "other", which is nobody's matter). */
export const serviceCodes = [
  'repair',
  'help',
  'inquiry',
  'hazard',
  'dispute',
  'say_things',
  'proposal',
] as const satisfies readonly RequestKind[];
export type ServiceCode = (typeof serviceCodes)[number];

export const isServiceCode = (s: string): s is ServiceCode => (serviceCodes as readonly string[]).includes(s);

/** GeoReport has two statuses: open while somebody still has to act, closed once resolved, closed, withdrawn or invalid. */
export function georeportStatus(s: RequestStatus): 'open' | 'closed' {
  return openStatuses.includes(s) ? 'open' : 'closed';
}

export function statusesFor(s: 'open' | 'closed'): RequestStatus[] {
  const all: RequestStatus[] = [
    'submitted',
    'assigned',
    'accepted',
    'escalated',
    'resolved',
    'closed',
    'reopened',
    'withdrawn',
    'invalid',
  ];
  return all.filter((x) => georeportStatus(x) === s);
}

/** GeoReport's default window for listing requests when no dates are given, and its cap. */
export const DEFAULT_SPAN_MS = 90 * 24 * 3600_000;
export const MAX_REQUESTS = 1000;
