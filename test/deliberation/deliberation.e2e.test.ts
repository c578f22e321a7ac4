import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  type ApiRequest,
  type Harness,
  settle,
  startHarness,
  type TelegramUser,
} from '../support/harness.js';
import { act, at, bound, cardOf, deliberation, linkedGroupChat, settableClock } from './support.js';

const clock = settableClock(at(12, 1));
let h: Harness;
let secretary: TelegramUser;
let leader: TelegramUser;
/** h-0301 has two accounts; h-0305 has no phone of its own in this story and votes in person. */
let a1: TelegramUser;
let a2: TelegramUser;
let b: TelegramUser;
let c: TelegramUser;
let d: TelegramUser;
let e: TelegramUser;
const ROOM = -4001;
let everyone: TelegramUser[];

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  secretary = await bound(h, 5000, '700001', '书记');
  leader = await bound(h, 5001, '700303', '组长');
  a1 = await bound(h, 5101, cardOf('h-0301'), '刘婶');
  a2 = await bound(h, 5102, cardOf('h-0301'), '刘婶的儿子');
  b = await bound(h, 5103, cardOf('h-0302'));
  c = await bound(h, 5104, cardOf('h-0303'));
  d = await bound(h, 5105, cardOf('h-0304'));
  e = await bound(h, 5106, cardOf('h-0305'));
  everyone = [a1, a2, b, c, d, e];
  await linkedGroupChat(h, secretary, ROOM, 'g3');
  await settle(h);
});
afterAll(async () => {
  await h?.close();
});

describe("a resident's proposal through 四议两公开 to a published, carried out and evaluated decision", () => {
  it('runs every stage, counts one vote per household (the later one standing), refuses chat after an in-person vote', async () => {
    // This village decides with a quarter of households voting (its own rule; the default is half).
    const rule = await adminApi(h, 'PUT', '/api/v1/villages/xiaoyingdian/tally-rule', { turnout: 0.01, majority: 0.5 });
    expect(rule.status).toBe(200);

    const n0 = a1.inbox().length;
    await act(h, () => a1.say('建议村里在村委会前面那块空地建个小广场 晚上大家跳跳舞'));
    const ref = Number(/#(\d+)/.exec((await a1.expect(/#\d+/, n0)).text)![1]);
    const request = (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body;
    expect(request).toMatchObject({ kind: 'proposal', assignee: { code: 's-01' } });

    // A resident cannot drive the deliberation; a group leader is not the secretary.
    let k = a1.inbox().length;
    await act(h, () => a1.say(`议事 #${ref}`));
    await a1.expect(/这个命令只有组长和村干部能用/, k);
    k = leader.inbox().length;
    await act(h, () => leader.say(`议事 #${ref}`));
    await leader.expect(/议事命令只有村党支部书记能用/, k);

    k = secretary.inbox().length;
    const r0 = a1.inbox().length;
    await act(h, () => secretary.say(`议事 #${ref}`));
    const created = await secretary.expect(/已列入村民议事 D\d+/, k);
    const id = Number(/D(\d+)/.exec(created.text)![1]);
    const D = `D${id}`;
    await a1.expect(new RegExp(`您提的 #${ref} 已列入村民议事 ${D}`), r0);
    expect(await deliberation(h, id)).toMatchObject({
      status: 'proposed',
      sourceRef: ref,
      options: ['同意', '反对', '弃权'],
    });

    // Voting before the two committees and the party members had their say is refused, with what comes next.
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D} 表决`));
    await secretary.expect(new RegExp(`${D} 现在是“已提议”，不能这样操作。现在可以：议事 ${D} 商议 记录`), k);
    await act(h, () => secretary.say(`议事 ${D} 商议 两委商议：预算两万元，从集体收入出。`));
    await act(h, () => secretary.say(`议事 ${D} 审议 党员大会应到30人，实到27人，同意25人。`));
    const before = everyone.map((u) => u.inbox().length);
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D} 表决 3天`));
    await secretary.expect(new RegExp(`${D} 开始表决：选票已发给 5 户的 6 个账号，12月4日 10:00 截止`), k);
    for (const [i, u] of everyone.entries()) {
      const ballot = await u.expect(new RegExp(`【村民议事 · 表决】${D}「`), before[i]);
      expect(ballot.buttons).toEqual([`vt:${id}:1`, `vt:${id}:2`, `vt:${id}:3`]);
      expect(ballot.text).toContain(`投票 ${D} 同意`);
    }

    // Two accounts of one household: the later vote stands, and the other account is told.
    k = a1.inbox().length;
    await act(h, () => a1.say(`投票 ${D} 反对`));
    await a1.expect(new RegExp(`已投票：您家对 ${D} 投「反对」`), k);
    await act(h, () => a2.press(`vt:${id}:1`));
    await a2.expect(new RegExp(`已改投：您家对 ${D} 投「同意」`));
    await a1.expect(new RegExp(`您家在 ${D} 的投票现在是「同意」`), k);

    // h-0305 voted at the village committee; its account then tries in chat and is refused politely.
    k = secretary.inbox().length;
    // Named as people say it (house number), not by its code; the answer names the household the same way.
    await act(h, () => secretary.say(`议事 ${D} 代投 三组5号 同意`));
    await secretary.expect(/已登记 张红霞家（三组5号） 现场投票/, k);
    k = e.inbox().length;
    await act(h, () => e.say(`投票 ${D} 反对`));
    await e.expect(new RegExp(`您家已经在现场投过 ${D} 的票`), k);
    await act(h, () => e.press(`vt:${id}:2`));
    expect(
      e
        .inbox()
        .slice(k)
        .filter((m) => /已经在现场投过/.test(m.text)),
    ).toHaveLength(2);

    await act(h, () => b.press(`vt:${id}:1`));
    await act(h, () => c.say(`投票 ${D} 1`));
    // A bare "3" is never a vote by itself: the option is offered as a button naming the matter, nothing is cast.
    k = d.inbox().length;
    await act(h, () => d.say('3'));
    expect(
      d
        .inbox()
        .slice(k)
        .some((m) => m.text.includes(D)),
    ).toBe(false);
    await act(h, () => d.say(`投票 ${D} 弃权`));
    let view = await deliberation(h, id);
    expect(view).toMatchObject({
      status: 'voting',
      tally: { 同意: 4, 反对: 0, 弃权: 1 },
      voted: 5,
      inPerson: 1,
      electorate: 392,
      quorumMet: true,
      result: null,
    });

    // At the closing time the tick closes and counts it; the secretary gets the tally.
    k = secretary.inbox().length;
    clock.set(at(12, 4, 10, 1));
    const tick = await h.app.linli.tick(clock.now());
    expect(tick.ballots).toBe(1);
    await settle(h);
    await secretary.expect(new RegExp(`${D} 表决结束：同意 4 户，反对 0 户，弃权 1 户；参与 5/392 户。结果：通过`), k);
    expect((await h.app.linli.tick(clock.now())).ballots).toBe(0);
    k = b.inbox().length;
    await act(h, () => b.press(`vt:${id}:2`));
    await b.expect(new RegExp(`${D} 现在不在表决中`), k);
    view = await deliberation(h, id);
    expect(view).toMatchObject({ status: 'decided', result: 'passed', tally: { 同意: 4, 反对: 0, 弃权: 1 } });

    // 决议公开: every household's accounts and the linked group chat.
    const seen = everyone.map((u) => u.inbox().length);
    const roomSeen = h.telegram.sentTo(ROOM).length;
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D} 公开`));
    await secretary.expect(new RegExp(`${D} 的决议已公开：发给 6 个住户账号和 1 个群`), k);
    for (const [i, u] of everyone.entries())
      await u.expect(/【村务公开 · 决议】.*\n表决结果：通过\n同意 4 户/, seen[i]);
    expect(
      h.telegram
        .sentTo(ROOM)
        .slice(roomSeen)
        .some((m) => /表决结果：通过/.test(m.text)),
    ).toBe(true);

    // 实施结果公开, then 评事: the same audience; each household's answer counted once.
    const seen2 = everyone.map((u) => u.inbox().length);
    await act(h, () => secretary.say(`议事 ${D} 进展 小广场12月10日开工，施工队是本村的。`));
    for (const [i, u] of everyone.entries())
      await u.expect(/【村务公开 · 实施进展】[\s\S]*小广场12月10日开工/, seen2[i]);
    expect(h.telegram.sentTo(ROOM).some((m) => /小广场12月10日开工/.test(m.text))).toBe(true);
    const seen3 = everyone.map((u) => u.inbox().length);
    await act(h, () => secretary.say(`议事 ${D} 评议`));
    for (const [i, u] of everyone.entries()) {
      const survey = await u.expect(new RegExp(`【村民议事 · 评议】${D}`), seen3[i]);
      expect(survey.buttons).toEqual([`ev:${id}:1`, `ev:${id}:2`, `ev:${id}:3`]);
    }
    await act(h, () => a1.press(`ev:${id}:3`));
    await act(h, () => a2.press(`ev:${id}:1`));
    await act(h, () => b.say(`评议 ${D} 基本满意`));
    await a2.expect(new RegExp(`谢谢，您家对 ${D} 的评议已记下`));
    view = await deliberation(h, id);
    expect(view.status).toBe('evaluated');
    expect(view.evaluation).toEqual({ satisfied: 1, basic: 1 });
    expect(view.stages.map((s) => s.move)).toEqual([
      'propose',
      'consult',
      'review',
      'open',
      'in_person_vote',
      'close',
      'publish',
      'progress',
      'evaluate',
    ]);
    expect(view.stages.find((s) => s.move === 'review')!.notes).toBe('党员大会应到30人，实到27人，同意25人。');
    expect(view.stages.find((s) => s.move === 'close')!.actor.kind).toBe('system');
  });
});
