import { zh } from '../../src/texts/zh.js';
import type { Probe } from './db.js';
import type { Delivery } from './fake-bot-api.js';
import type { MessageRecord } from './load.js';
import { topicRefOf } from './replies.js';
import { sleep, until } from './stats.js';

/** Exactly-once accounting of one phase; every count except `messages`/`requests`/`replies` must be 0. */
export interface AuditResult {
  messages: number;
  requests: number;
  replies: number;
  /** Acknowledged updates with no inbound row, reports that never settled or got an apology instead. */
  lostMessages: number;
  /** Messages that made more than one request. */
  duplicateRequests: number;
  /** Outbox rows never delivered (including failed_at set), and requests without a receipt or a card. */
  lostReplies: number;
  /** Deliveries beyond one per outbox row ((chat, text) pairs), extra receipts or cards per ref. */
  duplicateReplies: number;
  stuckInbound: number;
  stuckOutbox: number;
  /**
   * Informative: sends repeated across a SIGKILL (first delivered before the kill, again after it), at most
   * `crash.maxRepeats` of them — the documented window (a send that returned, its mark not yet committed).
   * More than that counts as duplicate replies.
   */
  crashRepeats: number;
  /** Informative: inbound rows that needed a retry, apologies sent, outbox rows given up. */
  retriedInbound: number;
  apologies: number;
  failedOutbox: number;
  notes: string[];
}

const key = (a: string | number, b: string) => `${a}\u0000${b}`;

function bump(m: Map<string, number>, k: string, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/**
 * Compares what the database holds for a phase (rows created since `since`) with what the load
 * sent and what the fake Bot API accepted (deliveries[from…]).
 */
/**
 * `before`: the deliveries made before the phase began. A row sent during the phase may have reached the fake
 * just before it (its mark commits after the send returns: a broadcast under way when the load starts), so a row
 * with no delivery in the phase that was delivered just before it is not lost.
 */
export async function audit(
  probe: Probe,
  since: Date,
  records: MessageRecord[],
  deliveries: Delivery[],
  crash?: { killAt: number; healthyAt?: number; maxRepeats: number },
  before: Delivery[] = [],
): Promise<AuditResult> {
  const notes: string[] = [];
  const sinceIso = since.toISOString();
  const inbound = await probe.query<{ mid: string; done: boolean; attempts: number; last_error: string | null }>(
    `select platform_message_id as mid, processed_at is not null as done, attempts, last_error from inbound_messages where received_at >= $1`,
    [sinceIso],
  );
  const requests = await probe.query<{ ref: number; text: string; uid: string }>(
    `select r.ref, r.text, i.platform_user_id as uid from requests r join identities i on i.id = r.origin_identity_id where r.created_at >= $1`,
    [sinceIso],
  );
  // Rows held back on purpose (quiet hours, pacing) are not due yet: only due rows can be stuck. A row queued
  // before the phase and sent during it (a broadcast that began while the residents were being bound goes on
  // after the answers) is the phase's delivery too, not a send nobody queued.
  const outbox = await probe.query<{ recipient: string; text: string; sent: boolean; failed: boolean; due: boolean }>(
    `select recipient, payload->>'text' as text, sent_at is not null as sent, failed_at is not null as failed, next_attempt_at <= now() as due
       from outbox where created_at >= $1 or sent_at >= $1`,
    [sinceIso],
  );

  const inboundIds = new Set(inbound.map((r) => r.mid));
  const notStored = records
    .filter((r) => r.ackStatus === 200)
    .flatMap((r) => r.updateIds)
    .filter((id) => !inboundIds.has(String(id))).length;
  if (notStored) notes.push(`${notStored} acknowledged updates have no inbound row`);
  const refused = records.filter((r) => r.outcome === 'refused').length;
  if (refused) notes.push(`${refused} reports were never acknowledged with 200 (after retries)`);
  const unsettled = records.filter((r) => r.outcome === 'no_reply' || r.outcome === 'no_card');
  if (unsettled.length)
    notes.push(
      `${unsettled.length} reports never settled (no reply or no task card): ${unsettled
        .slice(0, 3)
        .map((r) => `user ${r.userId} updates ${r.updateIds.join(',')}`)
        .join('; ')}`,
    );

  // Requests ↔ reports, per resident: one request per report that got a receipt, none beyond.
  const byUser = new Map<string, { done: Set<number>; unknown: number }>();
  for (const r of records) {
    const u = byUser.get(String(r.userId)) ?? { done: new Set<number>(), unknown: 0 };
    if ((r.outcome === 'request' || r.outcome === 'topic') && r.ref !== null) u.done.add(r.ref);
    if (r.outcome === 'no_reply' || r.outcome === 'no_card') u.unknown++;
    byUser.set(String(r.userId), u);
  }
  const made = new Map<string, number[]>();
  for (const q of requests) made.set(q.uid, [...(made.get(q.uid) ?? []), Number(q.ref)]);
  let duplicateRequests = 0;
  let missingRequests = 0;
  for (const [uid, refs] of made) {
    const u = byUser.get(uid);
    if (!u) {
      duplicateRequests += refs.length;
      notes.push(`requests from a user who sent nothing in this phase: ${uid}`);
      continue;
    }
    const extra = refs.length - u.done.size - u.unknown;
    if (extra > 0) {
      duplicateRequests += extra;
      const texts = requests
        .filter((q) => q.uid === uid && !u.done.has(Number(q.ref)))
        .map((q) => `#${q.ref} “${q.text.slice(0, 40)}”`);
      notes.push(
        `user ${uid}: ${refs.length} requests for ${u.done.size} receipted reports; not receipted: ${texts.join(', ')}`,
      );
    }
  }
  for (const [uid, u] of byUser) {
    const refs = new Set(made.get(uid) ?? []);
    for (const ref of u.done) if (!refs.has(ref)) missingRequests++;
  }
  if (missingRequests)
    notes.push(`${missingRequests} receipts name a request that is not in the database for that resident`);
  const apologies = outbox.filter((o) => o.text === zh.errors.internal).length;
  const lostMessages =
    notStored + unsettled.length + missingRequests + records.filter((r) => r.outcome === 'apology').length;

  // Outbox rows ↔ deliveries by (chat, text).
  const rows = new Map<string, number>();
  const deferred = outbox.filter((o) => !o.sent && !o.failed && !o.due).length;
  if (deferred) notes.push(`${deferred} outbox rows are deferred on purpose (not due yet) and not counted`);
  for (const o of outbox) if (o.sent || o.failed || o.due) bump(rows, key(o.recipient, o.text));
  const got = new Map<string, number>();
  const times = new Map<string, number[]>();
  for (const d of deliveries) {
    bump(got, key(d.chatId, d.text));
    times.set(key(d.chatId, d.text), [...(times.get(key(d.chatId, d.text)) ?? []), d.at]);
  }
  let lostReplies = 0;
  let duplicateReplies = 0;
  let crashRepeats = 0;
  const earlier = new Map<string, number>();
  for (const d of before) bump(earlier, key(d.chatId, d.text));
  let straddling = 0;
  for (const [k, n] of rows) {
    const missing = Math.max(0, n - (got.get(k) ?? 0));
    const justBefore = Math.min(missing, earlier.get(k) ?? 0);
    straddling += justBefore;
    lostReplies += missing - justBefore;
  }
  if (straddling)
    notes.push(
      `${straddling} rows marked sent in this phase were delivered just before it began (sends under way at its start)`,
    );
  for (const [k, n] of got) {
    const extra = n - (rows.get(k) ?? 0);
    if (extra <= 0) continue;
    const at = times.get(k) ?? [];
    const [chat, text] = k.split('\u0000');
    // The killed process's last send may reach the fake a moment after the signal (bytes already in the socket):
    // a first delivery before the restarted process was up, within a second of the kill, is still the old one's.
    const oldUntil = Math.min(crash ? crash.killAt + 1000 : 0, crash?.healthyAt ?? Infinity);
    if (
      crash &&
      extra === 1 &&
      at.length === 2 &&
      at[0]! < oldUntil &&
      at[1]! > crash.killAt &&
      crashRepeats < crash.maxRepeats
    ) {
      crashRepeats++;
      notes.push(
        `repeated across the kill (the documented window): to ${chat} “${(text ?? '').slice(0, 50).replace(/\n/g, ' ')}”`,
      );
      continue;
    }
    duplicateReplies += extra;
    notes.push(
      `delivered ${n}× but queued ${rows.get(k) ?? 0}×: to ${chat} “${(text ?? '').slice(0, 50).replace(/\n/g, ' ')}”`,
    );
  }

  // Per request: one receipt and one task card delivered.
  const receipts = new Map<number, number>();
  const cards = new Map<number, number>();
  // Say-things topics are receipted for the say-things day and get no task card.
  const topics = new Set<number>();
  for (const d of deliveries) {
    const topic = topicRefOf(d.text);
    if (topic !== null) {
      topics.add(topic);
      receipts.set(topic, (receipts.get(topic) ?? 0) + 1);
    }
    const r = /^已收到，编号 #(\d+)/.exec(d.text);
    if (r) receipts.set(Number(r[1]), (receipts.get(Number(r[1])) ?? 0) + 1);
    const c = /新诉求 #(\d+)/.exec(d.text);
    if (c) cards.set(Number(c[1]), (cards.get(Number(c[1])) ?? 0) + 1);
  }
  let noReceipt = 0;
  let noCard = 0;
  for (const q of requests) {
    if (!receipts.get(q.ref)) noReceipt++;
    if (!cards.get(q.ref) && !topics.has(Number(q.ref))) noCard++;
  }
  if (noReceipt || noCard)
    notes.push(`requests without a delivered receipt: ${noReceipt}, without a task card: ${noCard}`);
  lostReplies = Math.max(lostReplies, noReceipt + noCard);

  if (apologies)
    notes.push(`${apologies} apologies (errors.internal) were sent: the message was given up after 3 attempts`);
  const errors = [...new Set(inbound.filter((r) => r.last_error).map((r) => r.last_error!.slice(0, 140)))];
  if (errors.length) notes.push(`inbound last_error samples: ${errors.slice(0, 3).join(' | ')}`);
  return {
    messages: records.length,
    requests: requests.length,
    replies: deliveries.length,
    lostMessages,
    duplicateRequests,
    lostReplies,
    duplicateReplies,
    stuckInbound: inbound.filter((r) => !r.done).length,
    stuckOutbox: outbox.filter((o) => !o.sent && !o.failed && o.due).length,
    crashRepeats,
    retriedInbound: inbound.filter((r) => r.attempts > 1 || r.last_error).length,
    apologies,
    failedOutbox: outbox.filter((o) => o.failed).length,
    notes,
  };
}

/** Waits until the service has nothing pending (PostgreSQL: asks the database). */
export async function settlePostgres(
  probe: Probe,
  timeoutMs: number,
): Promise<{ ms: number; pendingIn: number; pendingOut: number }> {
  const t0 = Date.now();
  let last = { pendingIn: -1, pendingOut: -1 };
  await until(
    async () => {
      try {
        const [r] = await probe.query<{ i: number; o: number }>(
          `select (select count(*)::int from inbound_messages where processed_at is null) as i,
                (select count(*)::int from outbox where sent_at is null and failed_at is null and next_attempt_at <= now()) as o`,
        );
        last = { pendingIn: r!.i, pendingOut: r!.o };
        return last.pendingIn === 0 && last.pendingOut === 0;
      } catch {
        return false;
      }
    },
    timeoutMs,
    250,
  );
  return { ms: Date.now() - t0, ...last };
}

/** PGlite cannot be read while the service runs: wait until the fake API has been quiet for `quietMs`. */
export async function settleQuiet(deliveries: Delivery[], quietMs: number, timeoutMs: number): Promise<{ ms: number }> {
  const t0 = Date.now();
  let seen = deliveries.length;
  let quietSince = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    await sleep(200);
    if (deliveries.length !== seen) {
      seen = deliveries.length;
      quietSince = Date.now();
    }
    if (Date.now() - quietSince >= quietMs) break;
  }
  return { ms: Date.now() - t0 };
}

export interface Stages {
  /** received_at → processed_at: how long a stored update waited for the inbound worker, ms. */
  inboundWaitP50: number | null;
  inboundWaitP99: number | null;
  /** created_at (the handling turn's clock) → sent_at: handling, commit, outbox queue and the Bot API call, ms. */
  outboxDelayP50: number | null;
  outboxDelayP99: number | null;
}

/** Where the time of a phase went, from the service's own timestamps. */
export async function stages(probe: Probe, since: Date): Promise<Stages> {
  const [r] = await probe.query<{ i50: number; i99: number; o50: number; o99: number }>(
    `
    select (select percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at) * 1000) from inbound_messages where received_at >= $1) as i50,
           (select percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at) * 1000) from inbound_messages where received_at >= $1) as i99,
           (select percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at) * 1000) from outbox where created_at >= $1 and sent_at is not null) as o50,
           (select percentile_cont(0.99) within group (order by extract(epoch from sent_at - created_at) * 1000) from outbox where created_at >= $1 and sent_at is not null) as o99`,
    [since.toISOString()],
  );
  const n = (x: unknown) => (x === null || x === undefined ? null : Math.round(Number(x)));
  return { inboundWaitP50: n(r?.i50), inboundWaitP99: n(r?.i99), outboxDelayP50: n(r?.o50), outboxDelayP99: n(r?.o99) };
}
