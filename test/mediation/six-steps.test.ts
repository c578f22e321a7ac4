import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminApi, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';
import { ask, bindAs, bindStaff, CARDS, fileDispute, type Village } from './support.js';

interface ApiCase {
  ref: number;
  caseNo: string;
  status: string;
  referral: string | null;
  disputeType: string;
  presiding: { code: string; name: string } | null;
  assistants: { code: string }[];
  parties: { name: string; household: string | null; role: string; bound: boolean }[];
  steps: { at: string; type: string; actor: { kind: string; name: string | null }; text: string | null }[];
  agreement: {
    text: string;
    effectiveAt: string | null;
    confirmations: { party: string; decision: string; at: string; identity: { platform: string | null } }[];
  } | null;
}

let h: Harness;
let v: Village;
let applicant: TelegramUser; // 杨志强, h-0301
let other: TelegramUser; // 张红霞, h-0305
let neighbour: TelegramUser; // 王志强, h-0302: no party

beforeAll(async () => {
  h = await startHarness({ pumps: 'manual' });
  v = await bindStaff(h, 8100);
  applicant = await bindAs(new TelegramUser(h, 8001, '杨志强'), CARDS.h0301);
  other = await bindAs(new TelegramUser(h, 8002, '张红霞'), CARDS.h0305);
  neighbour = await bindAs(new TelegramUser(h, 8003, '王志强'), CARDS.h0302);
});
afterAll(async () => {
  await h?.close();
});

describe('a dispute through the six steps to an agreement both households confirm', () => {
  it('accepts, presides, investigates, informs, mediates and agrees; the case file holds every document in order', async () => {
    const { ref, code, mediator } = await fileDispute(applicant, v, '张家盖房子东墙占了俺家宅基地半米，说了也不听');

    // 帮助 shows a mediator the mediation commands too.
    expect((await ask(mediator, '帮助', /接单 #12/)).text).toContain('调查 #12 记录');

    // 受理: accepting the dispute opens the case, numbered in the village and year.
    const a0 = applicant.inbox().length;
    const m0 = mediator.inbox().length;
    await mediator.press(`acc:${ref}`);
    const opened = await mediator.expect(/已受理为人民调解案件/, m0);
    expect(opened.text).toMatch(/（\d{4}）小营店人调字第 1 号/);
    expect(opened.text).toContain('土地宅基地纠纷');
    expect(opened.buttons).toEqual([`mdp:${ref}`]);
    await applicant.expect(/已由村调委会受理，案号 （\d{4}）小营店人调字第 1 号/, a0);

    // 指定主持人: this mediator presides, another assists.
    const helperCode = Object.keys(v.mediators).find((c) => c !== code)!;
    const helper = v.mediators[helperCode]!;
    const h0 = helper.inbox().length;
    const presided = await ask(mediator, `主持 #${ref} ${code} ${helperCode}`, /主持调解/);
    expect(presided.buttons).toEqual([`mdq:${ref}`]);
    await helper.expect(new RegExp(`#${ref} 由.+主持调解，.+协助`), h0);

    // The other party: a household of the village, whose bound account is told and takes part.
    const o0 = other.inbox().length;
    const added = await ask(mediator, `对方 #${ref} h-0305`, /另一方当事人/);
    expect(added.text).toContain('张红霞');
    expect(added.text).toContain('已收到通知');
    await other.expect(/您是另一方当事人/, o0);

    // A resident typing a mediator's command is refused politely; nothing is recorded.
    await ask(applicant, `调查 #${ref} 我说了算`, /只有组长和村干部能用/);

    // 调查核实
    const b = await ask(mediator, `调查 #${ref} 现场查看：张家东墙越过1998年界桩约半米。`, /调查记录已记入/);
    expect(b.buttons).toEqual([`mdq:${ref}`, `mdi:${ref}`]);
    // The button for a step that needs words says what to type.
    const n = mediator.inbox().length;
    await mediator.press(`mds:${ref}`);
    await mediator.expect(/不能这样操作.*告知 #\d+/s, n);

    // 告知权利义务: both bound households receive the notice.
    const a1 = applicant.inbox().length;
    const o1 = other.inbox().length;
    const informed = await ask(mediator, `告知 #${ref}`, /权利义务告知书已发给 2 户/);
    expect(informed.text).not.toContain('联系不上');
    for (const [u, since] of [
      [applicant, a1],
      [other, o1],
    ] as const) {
      const notice = await u.expect(/人民调解权利义务告知书/, since);
      expect(notice.text).toContain('自愿参加调解');
      expect(notice.text).toContain('30 日内');
    }

    // 依法调解
    await ask(mediator, `调解 #${ref} 在村委会调解室，双方到场，各自陈述。`, /调解记录已记入/);

    // 签订协议: each bound household gets the text with 同意 / 不同意.
    const a2 = applicant.inbox().length;
    const o2 = other.inbox().length;
    const terms = '张家于12月20日前将东墙后退半米，费用自理；杨家不再追究。';
    const sent = await ask(mediator, `协议 #${ref} ${terms}`, /调解协议已发给当事人确认/);
    expect(sent.text).toMatch(/等待确认：杨志强、张红霞/);
    const toApplicant = await applicant.expect(/【人民调解协议书】/, a2);
    expect(toApplicant.text).toContain(terms);
    expect(toApplicant.buttons).toEqual([`mdy:${ref}`, `mdn:${ref}`]);
    await other.expect(/【人民调解协议书】/, o2);

    // A household that is no party may not confirm.
    await ask(neighbour, `同意 #${ref}`, /不是 #\d+ 调解案件的当事人/);

    // The applicant confirms with the button; the mediator hears who is still to answer.
    const m2 = mediator.inbox().length;
    await applicant.press(`mdy:${ref}`);
    await applicant.expect(/已记录：您同意/, a2);
    await mediator.expect(/杨志强已同意调解协议。还在等：张红霞/, m2);
    expect((await adminApi<ApiCase>(h, 'GET', `/api/v1/mediations/${ref}`)).body.status).toBe('mediating');

    // The other household confirms by text: the agreement takes effect, everyone is told of the 30-day window.
    const a3 = applicant.inbox().length;
    await ask(other, `同意 #${ref}`, /已记录：您同意/);
    await applicant.expect(/调解协议生效[\s\S]*共同向人民法院申请/, a3);
    await mediator.expect(/调解协议生效/, m2);
    await helper.expect(/调解协议生效/, h0);
    // The dispute as a request is resolved with the agreement: the household rates it like any other matter.
    const rate = await applicant.expect(new RegExp(`#${ref} 已由.+办结`), a3);
    expect(rate.text).toContain(terms);
    expect(rate.buttons).toEqual([`rate:${ref}:1`, `rate:${ref}:2`, `rate:${ref}:3`]);
    const request = (await adminApi<{ status: string; resolution: string }>(h, 'GET', `/api/v1/requests/${ref}`)).body;
    expect([request.status, request.resolution]).toEqual(['resolved', terms]);

    // 回访
    await ask(mediator, `回访 #${ref} 12月21日回访：东墙已后退半米，双方满意。`, /回访记录已记入/);
    await settle(h);

    const { status, body } = await adminApi<ApiCase>(h, 'GET', `/api/v1/mediations/${ref}`);
    expect(status).toBe(200);
    expect(body.caseNo).toMatch(/^（\d{4}）小营店人调字第 1 号$/);
    expect(body.status).toBe('followed_up');
    expect(body.presiding?.code).toBe(code);
    expect(body.assistants.map((x) => x.code)).toEqual([helperCode]);
    expect(body.parties.map((p) => [p.role, p.name, p.household, p.bound])).toEqual([
      ['applicant', '杨志强', 'h-0301', true],
      ['respondent', '张红霞', 'h-0305', true],
    ]);
    expect(body.steps.map((s) => s.type)).toEqual([
      'opened',
      'presiding',
      'party_added',
      'investigated',
      'informed',
      'session',
      'proposed',
      'confirmed',
      'confirmed',
      'agreed',
      'followed_up',
    ]);
    expect(body.steps.find((s) => s.type === 'investigated')).toMatchObject({
      actor: { kind: 'member' },
      text: '现场查看：张家东墙越过1998年界桩约半米。',
    });
    expect(body.steps.filter((s) => s.type === 'confirmed').map((s) => s.actor.name)).toEqual(['杨志强', '张红霞']);
    expect(body.agreement?.text).toBe(terms);
    expect(body.agreement?.effectiveAt).not.toBeNull();
    expect(body.agreement?.confirmations.map((c) => [c.party, c.decision, c.identity.platform])).toEqual([
      ['杨志强', 'confirmed', 'telegram'],
      ['张红霞', 'confirmed', 'telegram'],
    ]);

    // The printable case file: the six documents in their order, a signature line per party.
    const res = await fetch(`${h.url}/api/v1/mediations/${ref}/file`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    const order = [
      '人民调解受理登记表',
      '人民调解权利义务告知书',
      '人民调解调查记录',
      '人民调解记录',
      '人民调解协议书',
      '人民调解回访记录',
    ].map((title) => html.indexOf(`<h2>${title}</h2>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(html).toContain('张家东墙越过1998年界桩约半米');
    expect(html).toContain(terms);
    expect(html.match(/class="sign party-signature"/g)).toHaveLength(2);
    expect(html.match(/通过Telegram确认同意/g)).toHaveLength(2);
    expect(html).toContain('东墙已后退半米，双方满意');
  });

  it('numbers cases opened at the same moment one after the other, never twice', async () => {
    const first = await fileDispute(neighbour, v, '隔壁家排水沟的水都流到俺家院里了，说了不改');
    const second = await fileDispute(other, v, '邻居家儿子把俺家的电动车撞坏了，不肯赔');
    const seen = [first, second].map((d) => d.mediator.inbox().length);
    await Promise.all([first, second].map((d) => d.mediator.press(`acc:${d.ref}`)));
    await Promise.all(
      [first, second].map((d, i) => d.mediator.expect(new RegExp(`已受理为人民调解案件 .*（#${d.ref}`), seen[i])),
    );
    const numbers = await Promise.all(
      [first, second].map(async (d) => (await adminApi<ApiCase>(h, 'GET', `/api/v1/mediations/${d.ref}`)).body.caseNo),
    );
    expect(numbers.map((x) => Number(/第 (\d+) 号/.exec(x)![1])).sort()).toEqual([2, 3]);
  });

  it('answers 404 for a request with no case, 400 for a bad ref, and needs the admin token', async () => {
    expect((await adminApi(h, 'GET', '/api/v1/mediations/999999')).status).toBe(404);
    expect((await adminApi<{ error: { code: string } }>(h, 'GET', '/api/v1/mediations/999999')).body.error.code).toBe(
      'mediation.not_found',
    );
    expect((await adminApi(h, 'GET', '/api/v1/mediations/abc')).status).toBe(400);
    expect((await fetch(`${h.url}/api/v1/mediations/1001`)).status).toBe(401);
  });
});
