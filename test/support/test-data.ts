import { expect } from 'vitest';
import { adminApi, type ApiRequest, type Harness, settle, TelegramUser } from './harness.js';

/** The clock a harness was started with, when the test sets it by hand (see `manualClock`). */
export interface SettableClock {
  now(): Date;
  set(d: Date): void;
}

export type Rating = 1 | 2 | 3;

/**
 * Test data made the way real data is made: people bind with the codes on their cards through the
 * fake Telegram webhook, report, accept, resolve and rate, each at the instant the test puts on the
 * clock. Every step waits until the service has handled the message (the inbound log is drained) and
 * then checks through the admin API that the request moved as the step meant, so a test's expected
 * figures rest on what the service really recorded.
 */
export class TestVillage {
  private nextUserId: number;

  constructor(
    readonly h: Harness,
    readonly clock: SettableClock,
    firstUserId = 7100,
  ) {
    this.nextUserId = firstUserId;
  }

  /** Binds a new Telegram account with a card's code (a household's makes a resident, a member's a leader). */
  async bind(code: string, when: Date, name?: string): Promise<TelegramUser> {
    const id = this.nextUserId++;
    const user = new TelegramUser(this.h, id, name ?? `用户${id}`);
    await this.send(when, () => user.say(`/start ${code}`));
    expect(
      user
        .inbox()
        .map((m) => m.text)
        .join('\n'),
    ).toMatch(/绑定成功/);
    return user;
  }

  /**
   * A resident reports; answers the new request's reference. `expected` is what the service must
   * have made of the text (kind, urgency, status, assignee's member code), checked here.
   */
  async report(
    user: TelegramUser,
    text: string,
    when: Date,
    expected: { kind: string; urgency?: 'normal' | 'urgent'; status?: string; assignee?: string },
  ): Promise<number> {
    const before = user.inbox().length;
    await this.send(when, () => user.say(text));
    const receipt = user
      .inbox()
      .slice(before)
      .find((m) => /#\d+/.test(m.text));
    expect(receipt, `a receipt with a reference for “${text}”`).toBeDefined();
    const ref = Number(/#(\d+)/.exec(receipt!.text)![1]);
    const r = await this.request(ref);
    expect(r).toMatchObject({
      kind: expected.kind,
      urgency: expected.urgency ?? 'normal',
      status: expected.status ?? 'assigned',
      createdAt: when.toISOString(),
      ...(expected.assignee ? { assignee: { code: expected.assignee } } : {}),
    });
    return ref;
  }

  /** Anything else a person writes; answers what the bot replied. */
  async say(user: TelegramUser, text: string, when: Date): Promise<string[]> {
    const before = user.inbox().length;
    await this.send(when, () => user.say(text));
    return user
      .inbox()
      .slice(before)
      .map((m) => m.text);
  }

  /** `接单 #ref` by the member. */
  async accept(member: TelegramUser, ref: number, when: Date): Promise<void> {
    await this.send(when, () => member.say(`接单 #${ref}`));
    await this.expectStatus(ref, 'accepted');
  }

  /** `办结 #ref 结果` by the member; the resident is asked to rate. */
  async resolve(member: TelegramUser, ref: number, when: Date, result = '已处理好'): Promise<void> {
    await this.send(when, () => member.say(`办结 #${ref} ${result}`));
    await this.expectStatus(ref, 'resolved');
  }

  /** `说事 #ref 结果 …` by the secretary: a say-things topic's outcome (takes and settles it at once). */
  async recordOutcome(secretary: TelegramUser, ref: number, when: Date, result: string): Promise<void> {
    await this.send(when, () => secretary.say(`说事 #${ref} 结果 ${result}`));
    await this.expectStatus(ref, 'resolved');
  }

  /** The resident taps 满意 (1), 基本满意 (2) or 不满意 (3); 不满意 reopens the request. */
  async rate(resident: TelegramUser, ref: number, rating: Rating, when: Date): Promise<void> {
    await this.send(when, () => resident.press(`rate:${ref}:${rating}`));
    await this.expectStatus(ref, rating === 3 ? 'reopened' : 'closed');
  }

  /** The request as the admin API shows it, with its ledger. */
  async request(ref: number): Promise<ApiRequest> {
    const r = await adminApi<ApiRequest>(this.h, 'GET', `/api/v1/requests/${ref}`);
    expect(r.status).toBe(200);
    return r.body;
  }

  async expectStatus(ref: number, status: string): Promise<void> {
    expect((await this.request(ref)).status, `status of #${ref}`).toBe(status);
  }

  /** Sets the clock, sends, and waits until the service has handled it and sent every reply due by then. */
  private async send(when: Date, act: () => Promise<Response>): Promise<void> {
    this.clock.set(when);
    const res = await act();
    expect(res.status).toBe(200);
    await settle(this.h);
  }
}
