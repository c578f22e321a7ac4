import { answers, isUrgentReceipt, refOf, replyKind } from './replies.js';
import type { Person } from './roster.js';
import { pick } from './stats.js';
import type { Inbox, TelegramSim } from './telegram-sim.js';

export type Outcome =
  | 'request' // receipt (#ref) to the resident and task card (新诉求 #ref) to a member: the measured path
  | 'joined'
  | 'noted'
  | 'greeting' // the service attached it to an existing request, or saw no request in it
  | 'topic' // a say-things topic: a request receipted for the say-things day, no task card
  | 'apology'
  | 'other_reply'
  | 'no_reply'
  | 'no_card'
  | 'refused';

/** One resident report of the load (possibly several webhook updates when the bot asks back). */
export interface MessageRecord {
  userId: number;
  updateIds: number[];
  text: string;
  /** performance.now() of the first delivery attempt. */
  t0: number;
  ackStatus: number;
  /** Webhook acknowledgement latency of each update of the report, ms. */
  ackMs: number[];
  ref: number | null;
  /** In → last of (receipt, task card), ms; only for outcome 'request'. */
  e2eMs: number | null;
  outcome: Outcome;
  /** The bot's questions answered on the way (ask_location …). */
  asked: string[];
  reply?: string;
}

export interface LoadOptions {
  sim: TelegramSim;
  inbox: Inbox;
  residents: Person[];
  texts: string[];
  rand: () => number;
  concurrency: number;
  messages?: number;
  durationS?: number;
  /** How long to wait for a reply or a card before giving up on a report. */
  timeoutMs: number;
  /** Called after each report's first update was acknowledged (the fault runs hook in here). */
  onSent?: (sent: number) => void;
}

export interface LoadResult {
  records: MessageRecord[];
  wallMs: number;
  retired: number;
}

/**
 * `concurrency` workers; each takes the next idle resident, posts one report and plays the
 * resident until the report is settled: answers the bot's question if it asks one, and waits for
 * the receipt (its #ref) and the task card with that ref. A resident never has two reports in
 * flight, so replies correlate by chat and order; one that never settles is not used again.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const idle = [...o.residents];
  const records: MessageRecord[] = [];
  const background: Promise<void>[] = [];
  let sent = 0;
  let retired = 0;
  const started = performance.now();
  const endAt = o.durationS ? started + o.durationS * 1000 : Number.POSITIVE_INFINITY;
  const limit = o.messages ?? Number.POSITIVE_INFINITY;

  const say = async (rec: MessageRecord, text: string): Promise<boolean> => {
    const update = o.sim.textUpdate(rec.userId, text);
    rec.updateIds.push(Number(update.update_id));
    const post = await o.sim.deliver(update, Math.max(o.timeoutMs, 120_000));
    rec.ackStatus = post.status;
    if (post.status === 200) rec.ackMs.push(post.ackMs);
    return post.status === 200;
  };

  /** Returns 'free' when the resident may send again, 'later' when a background step releases them, 'retire'. */
  const one = async (person: Person): Promise<'free' | 'later' | 'retire'> => {
    const chat = String(person.userId);
    o.inbox.clear(chat);
    const rec: MessageRecord = {
      userId: person.userId,
      updateIds: [],
      text: pick(o.rand, o.texts),
      t0: performance.now(),
      ackStatus: 0,
      ackMs: [],
      ref: null,
      e2eMs: null,
      outcome: 'refused',
      asked: [],
    };
    records.push(rec);
    if (!(await say(rec, rec.text))) return 'retire';
    o.onSent?.(sent);
    const left = () => Math.max(1000, o.timeoutMs - (performance.now() - rec.t0));
    let answered: string | null = null;
    for (let turn = 0; turn < 6; turn++) {
      const reply = await o.inbox.next(chat, left());
      if (!reply) {
        rec.outcome = 'no_reply';
        return 'retire';
      }
      // The same question again, word for word, right after it was answered: a send repeated across a kill (the
      // documented window, counted by the audit). A person would not answer it twice; neither does the resident.
      if (answered !== null && reply.text === answered) {
        answered = null;
        turn--;
        continue;
      }
      const kind = replyKind(reply.text);
      if (kind === 'kind_filed') continue;
      if (kind === 'topic') {
        rec.ref = refOf(reply.text);
        rec.outcome = 'topic';
        return 'free';
      }
      if (kind === 'receipt') {
        rec.ref = refOf(reply.text);
        const cardAt = await o.inbox.card(rec.ref!, left());
        if (cardAt === null) {
          rec.outcome = 'no_card';
          return 'retire';
        }
        rec.outcome = 'request';
        rec.e2eMs = Math.max(reply.at, cardAt) - rec.t0;
        if (!isUrgentReceipt(reply.text) || !answers.ask_location) return 'free';
        // An urgent hazard goes out at once and the bot may still ask where: answer it off the clock.
        background.push(
          followUp(rec, chat).then((ok) => {
            if (ok) idle.push(person);
            else retired++;
          }),
        );
        return 'later';
      }
      const answer = answers[kind];
      if (!answer) {
        rec.outcome =
          kind === 'joined' || kind === 'noted' || kind === 'greeting' || kind === 'apology' ? kind : 'other_reply';
        rec.reply = reply.text.slice(0, 120);
        return 'free';
      }
      rec.asked.push(kind);
      answered = reply.text;
      if (!(await say(rec, answer))) return 'retire';
    }
    rec.outcome = 'other_reply';
    return 'retire';
  };

  const followUp = async (rec: MessageRecord, chat: string): Promise<boolean> => {
    const next = await o.inbox.next(chat, 5000);
    if (!next) return true;
    const kind = replyKind(next.text);
    const answer = answers[kind];
    if (!answer) return true;
    rec.asked.push(kind);
    if (!(await say(rec, answer))) return false;
    return (await o.inbox.next(chat, o.timeoutMs)) !== null;
  };

  const worker = async () => {
    for (;;) {
      if (sent >= limit || performance.now() >= endAt) return;
      const person = idle.shift();
      if (!person) {
        if (background.length === 0) return;
        await Promise.race([...background, new Promise((r) => setTimeout(r, 50))]);
        continue;
      }
      sent++;
      const next = await one(person);
      if (next === 'free') idle.push(person);
      else if (next === 'retire') retired++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.residents.length) }, worker));
  const wallMs = performance.now() - started;
  await Promise.all(background);
  return { records, wallMs, retired };
}

export interface BindResult {
  bound: number;
  failed: { userId: number; reply: string | null }[];
  ms: number;
}

/** `/start <code>` for every person through the webhook; waits for each 绑定成功 reply. */
export async function bindAll(
  sim: TelegramSim,
  inbox: Inbox,
  people: Person[],
  concurrency: number,
  timeoutMs = 60_000,
): Promise<BindResult> {
  const queue = [...people];
  const failed: BindResult['failed'] = [];
  let bound = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const chat = String(p.userId);
      inbox.clear(chat);
      const res = await sim.deliver(sim.textUpdate(p.userId, `/start ${p.bindCode}`), timeoutMs);
      const reply = res.status === 200 ? await inbox.next(chat, timeoutMs) : null;
      if (reply?.text.startsWith('绑定成功')) bound++;
      else failed.push({ userId: p.userId, reply: reply ? reply.text.slice(0, 80) : `HTTP ${res.status}` });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { bound, failed, ms: performance.now() - t0 };
}
