import { and, count, desc, eq, isNull, max, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { households, inboundMessages, members, outbox, requests, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import type { RequestKind } from '../domain/classification.js';
import type { RequestStatus } from '../domain/request.machine.js';
import type { RequestRow } from './requests.repository.js';

/** What the HTTP API lists: a request with its village, household and assignee codes. */
export interface ListedRequest {
  r: RequestRow;
  village: string;
  household: string;
  assigneeCode: string | null;
  assigneeName: string | null;
}

export interface RequestFilter {
  village?: string;
  status?: RequestStatus;
  kind?: RequestKind;
  assignee?: string;
}

const listed = (db: DbOrTx) => db.select({ r: requests, village: villages.code, household: households.code, assigneeCode: members.code, assigneeName: members.name })
  .from(requests)
  .innerJoin(villages, eq(villages.id, requests.villageId))
  .innerJoin(households, eq(households.id, requests.householdId))
  .leftJoin(members, eq(members.id, requests.assigneeId));

function conditions(f: RequestFilter): SQL | undefined {
  const where: SQL[] = [];
  if (f.village) where.push(eq(villages.code, f.village));
  if (f.status) where.push(eq(requests.status, f.status));
  if (f.kind) where.push(eq(requests.kind, f.kind));
  if (f.assignee) where.push(eq(members.code, f.assignee));
  return where.length ? and(...where) : undefined;
}

/** One page of requests, newest first, and how many match in all. */
export async function listRequests(db: DbOrTx, f: RequestFilter, page: number, pageSize: number): Promise<{ items: ListedRequest[]; total: number }> {
  const cond = conditions(f);
  const items = await listed(db).where(cond).orderBy(desc(requests.ref)).limit(pageSize).offset((page - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(requests)
    .innerJoin(villages, eq(villages.id, requests.villageId))
    .leftJoin(members, eq(members.id, requests.assigneeId)).where(cond);
  return { items, total: Number(total?.n ?? 0) };
}

export async function listedRequest(db: DbOrTx, ref: number): Promise<ListedRequest | null> {
  const [row] = await listed(db).where(eq(requests.ref, ref));
  return row ?? null;
}

export interface ChannelTraffic {
  lastInboundAt: Map<Platform, Date>;
  lastOutboundAt: Map<Platform, Date>;
  backlog: Map<Platform, number>;
}

const asDate = (d: Date | string | null) => (d === null ? null : new Date(d));

/** For the operator: when each channel last received and sent, and how much waits in the outbox. */
export async function channelTraffic(db: Db): Promise<ChannelTraffic> {
  const [inbound, outbound, backlog] = await Promise.all([
    db.select({ platform: inboundMessages.platform, at: max(inboundMessages.receivedAt) }).from(inboundMessages).groupBy(inboundMessages.platform),
    db.select({ channel: outbox.channel, at: max(outbox.sentAt) }).from(outbox).groupBy(outbox.channel),
    db.select({ channel: outbox.channel, n: count() }).from(outbox).where(and(isNull(outbox.sentAt), isNull(outbox.failedAt))).groupBy(outbox.channel),
  ]);
  const dates = (rows: { key: Platform; at: Date | string | null }[]) =>
    new Map(rows.flatMap((r) => { const d = asDate(r.at); return d ? [[r.key, d] as const] : []; }));
  return {
    lastInboundAt: dates(inbound.map((r) => ({ key: r.platform, at: r.at }))),
    lastOutboundAt: dates(outbound.map((r) => ({ key: r.channel, at: r.at }))),
    backlog: new Map(backlog.map((r) => [r.channel, Number(r.n)])),
  };
}
