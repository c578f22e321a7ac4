import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminApi, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';
import { ask, bindAs, bindStaff, CARDS, fileDispute, type Village } from './support.js';

const DAY = 86_400_000;
/**
 * A clock set by hand that keeps running from where it was set: the outbox paces sends per second on the
 * service's clock, so a frozen clock would hold back every message past the first second's budget.
 * It starts at 10:00 in the village (Asia/Shanghai), so residents' messages are not held for quiet hours.
 */
function handSetClock(start: Date) {
  let offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set(d: Date) {
      offset = d.getTime() - Date.now();
    },
  };
}
const clock = handSetClock(new Date('2026-03-02T02:00:00Z'));

let h: Harness;
let v: Village;
let resident: TelegramUser;
let neighbour: TelegramUser;

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  v = await bindStaff(h, 9100);
  resident = await bindAs(new TelegramUser(h, 9001, '杨志强'), CARDS.h0301);
  neighbour = await bindAs(new TelegramUser(h, 9002, '张红霞'), CARDS.h0305);
});
afterAll(async () => {
  await h?.close();
});

/** Each case is opened by its own household: while a party's case is open, what she writes goes on it. */
async function openCase(text: string, by: TelegramUser = resident) {
  const d = await fileDispute(by, v, text);
  const n = d.mediator.inbox().length;
  await d.mediator.say(`接单 #${d.ref}`);
  await d.mediator.expect(/已受理为人民调解案件/, n);
  await ask(d.mediator, `主持 #${d.ref}`, /主持调解/);
  return d;
}

describe('a mediation that fails, with a referral', () => {
  it('refuses skipped steps and outsiders, records the failure and sends the parties to the court', async () => {
    const { ref, code, mediator } = await openCase('隔壁欠俺家三千块钱不还，吵了好几回了');
    const illegal = await ask(mediator, `告知 #${ref}`, /不能这样操作/);
    expect(illegal.text).toContain(`调查 #${ref}`);

    // Another mediator who has no part in the case may not write in it.
    const outsider = Object.entries(v.mediators).find(([c]) => c !== code)![1];
    await ask(outsider, `调查 #${ref} 我来补一句`, /您不是 #\d+ 的调解员/);

    await ask(mediator, `调查 #${ref} 双方各执一词，借条找不到。`, /调查记录已记入/);
    // A party from outside the village: the name is recorded, and the notice is to be given in person.
    const outside = await ask(mediator, `对方 #${ref} 李四`, /另一方当事人/);
    expect(outside.text).toContain('没有绑定账号');
    const informed = await ask(mediator, `告知 #${ref}`, /权利义务告知书已发给 1 户/);
    expect(informed.text).toContain('联系不上（请当面告知并签字）：李四');
    await ask(mediator, `调解不成 #${ref}`, /请写上原因/);
    const r0 = resident.inbox().length;
    const failed = await ask(mediator, `调解不成 #${ref} 双方分歧太大，建议到法院起诉`, /已记为调解不成/);
    expect(failed.text).toContain('人民法院');
    const told = await resident.expect(/这次调解没有达成协议/, r0);
    expect(told.text).toContain('双方分歧太大，建议到法院起诉');
    expect(told.text).toContain('人民法院');

    // Nothing but a return visit after a failure.
    await ask(mediator, `协议 #${ref} 分期还款`, /调解不成”，不能这样操作.*回访 #\d+/s);

    const { body } = await adminApi<{
      status: string;
      referral: string;
      failReason: string;
      steps: { type: string }[];
    }>(h, 'GET', `/api/v1/mediations/${ref}`);
    expect(body.status).toBe('failed');
    expect(body.referral).toBe('court');
    expect(body.failReason).toBe('双方分歧太大，建议到法院起诉');
    expect(body.steps.map((s) => s.type)).toEqual([
      'opened',
      'presiding',
      'investigated',
      'party_added',
      'informed',
      'failed',
    ]);
    const request = (await adminApi<{ status: string; resolution: string }>(h, 'GET', `/api/v1/requests/${ref}`)).body;
    expect([request.status, request.resolution]).toEqual(['resolved', '双方分歧太大，建议到法院起诉']);
    const html = await (
      await fetch(`${h.url}/api/v1/mediations/${ref}/file`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    const mediation = html.slice(html.indexOf('<h2>人民调解记录</h2>'), html.indexOf('<h2>人民调解协议书</h2>'));
    expect(mediation).toContain('双方分歧太大，建议到法院起诉');
    expect(mediation).toContain('人民法院');
    const notice = html.slice(
      html.indexOf('<h2>人民调解权利义务告知书</h2>'),
      html.indexOf('<h2>人民调解调查记录</h2>'),
    );
    expect(notice).toMatch(/未能送达（当面告知）<\/th><td>李四/);
  });
});

describe('the case deadlines on a hand-set clock', () => {
  it('reminds the mediator and the secretary once when a case is open 30 days', async () => {
    const { ref, code, mediator } = await openCase('邻居家的树根拱坏了俺家院墙，要他赔也不赔');
    const opened = clock.now().getTime();
    const s0 = v.secretary.inbox().length;
    const m0 = mediator.inbox().length;

    clock.set(new Date(opened + 29 * DAY));
    expect((await h.app.linli.tick()).mediation).toBe(0);

    clock.set(new Date(opened + 30 * DAY + 60_000));
    expect((await h.app.linli.tick()).mediation).toBe(1);
    await mediator.expect(new RegExp(`【提醒】调解案件 （\\d{4}）小营店人调字第 \\d+ 号（#${ref}）受理已满 30 天`), m0);
    await v.secretary.expect(new RegExp(`【提醒】.*#${ref}.*受理已满 30 天`), s0);

    // Once only.
    expect((await h.app.linli.tick()).mediation).toBe(0);
    await settle(h);
    const { body } = await adminApi<{ steps: { type: string; details: Record<string, unknown> }[] }>(
      h,
      'GET',
      `/api/v1/mediations/${ref}`,
    );
    expect(body.steps.filter((s) => s.type === 'reminded').map((s) => s.details.reminder)).toEqual(['open_too_long']);
    // The case's own month replaced the request's 15-day deadline: the dispute stayed with its mediator.
    const request = (
      await adminApi<{ status: string; assignee: { code: string } }>(h, 'GET', `/api/v1/requests/${ref}`)
    ).body;
    expect([request.status, request.assignee.code]).toEqual(['accepted', code]);
  });

  it('after agreement: the return visit at the date the village set, the judicial-confirmation window on day 25', async () => {
    const { ref, mediator } = await openCase('对门家的狗咬了俺家的鸡，说好赔又不赔了', neighbour);
    await ask(mediator, `调查 #${ref} 咬死母鸡三只。`, /调查记录已记入/);
    await ask(mediator, `告知 #${ref}`, /权利义务告知书已发给 1 户/);
    await ask(mediator, `调解 #${ref} 双方在场。`, /调解记录已记入/);
    const r0 = neighbour.inbox().length;
    await ask(mediator, `协议 #${ref} 对方赔偿一百五十元，三日内付清。`, /已发给当事人确认/);
    await neighbour.expect(/【人民调解协议书】/, r0);
    // A party declines with a reason; the mediator revises the text, which asks again.
    const m00 = mediator.inbox().length;
    await ask(neighbour, `不同意 #${ref}`, /请写上原因：不同意 #\d+ 原因/);
    await ask(neighbour, `不同意 #${ref} 三只鸡不止一百五`, /已记录：您不同意/);
    await mediator.expect(/张红霞不同意调解协议，原因：三只鸡不止一百五/, m00);
    const r00 = neighbour.inbox().length;
    await ask(mediator, `协议 #${ref} 对方赔偿两百元，三日内付清。`, /已发给当事人确认/);
    expect((await neighbour.expect(/【人民调解协议书】/, r00)).text).toContain('两百元');
    await neighbour.press(`mdy:${ref}`);
    await neighbour.expect(/调解协议生效/, r0);
    const agreedAt = clock.now().getTime();

    // The village sets the return visit for 10 days after the agreement (30 by default).
    const due = new Date(agreedAt + 10 * DAY).toISOString();
    const set = await adminApi<{ returnVisitDueAt: string }>(h, 'POST', `/api/v1/mediations/${ref}/return-visit`, {
      dueAt: due,
    });
    expect(set.status).toBe(200);
    expect(set.body.returnVisitDueAt).toBe(due);
    expect(
      (
        await adminApi<{ error: { code: string } }>(h, 'POST', `/api/v1/mediations/${ref}/return-visit`, {
          dueAt: 'soon',
        })
      ).status,
    ).toBe(400);

    const m0 = mediator.inbox().length;
    clock.set(new Date(agreedAt + 9 * DAY));
    expect((await h.app.linli.tick()).mediation).toBe(0);
    clock.set(new Date(agreedAt + 10 * DAY + 60_000));
    expect((await h.app.linli.tick()).mediation).toBe(1);
    await mediator.expect(new RegExp(`【回访】.*#${ref}.*该回访了`), m0);

    const r1 = neighbour.inbox().length;
    clock.set(new Date(agreedAt + 24 * DAY));
    expect((await h.app.linli.tick()).mediation).toBe(0);
    clock.set(new Date(agreedAt + 25 * DAY + 60_000));
    expect((await h.app.linli.tick()).mediation).toBe(1);
    const window = await neighbour.expect(/【提醒】.*调解协议，如需申请司法确认/, r1);
    // 30 days after 2 Mar + 30 days (the clock's start) + the days the earlier test moved on.
    expect(window.text).toMatch(/须在 \d+月\d+日 \d\d:\d\d 前由双方共同向人民法院提出/);
    await mediator.expect(/如需申请司法确认/, m0);
    expect((await h.app.linli.tick()).mediation).toBe(0);

    await ask(mediator, `回访 #${ref} 已付清，双方和好。`, /回访记录已记入/);
    expect((await adminApi<{ status: string }>(h, 'GET', `/api/v1/mediations/${ref}`)).body.status).toBe('followed_up');
  });
});
