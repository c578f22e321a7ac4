import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { DEFAULT_KEYWORDS } from '../../bots/wechat-mp/wechat-mp.templates.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { waitFor } from '../support/harness.js';
import { ask, bindStaff, type Village } from '../mediation/support.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const DAY = 86_400_000;

/**
 * A party to a mediation and a household of a vote on the Official Account, silent for days: each step of the
 * case and the vote's opening and result still reach them, as template messages (the `vote` kind's own
 * template; mediation has none configured here, so it goes as the general `status` one).
 */
describe("Past WeChat's window: mediation steps and vote news as template messages", () => {
  let h: MpHarness;
  let v: Village;
  beforeAll(async () => {
    h = await startMpHarness({
      publicUrl: true,
      templates: {
        status: { id: 'tplStatus_0000000001', keywords: DEFAULT_KEYWORDS },
        vote: {
          id: 'tplResolved_000000001',
          keywords: { character_string1: 'ref', thing2: 'summary', phrase3: 'status', time4: 'time' },
        },
      },
    });
    v = await bindStaff(h, 9400);
  });
  afterAll(async () => {
    await h?.close();
  });

  const templatesTo = (openid: string) => h.mp.templatesSent.filter((t) => t.touser === openid);
  const resident = async (card: string) => {
    const u = new MpUser(h);
    await u.say(`绑定 ${card}`);
    await u.expect(/绑定成功/);
    return u;
  };

  it('a mediation step reaches a party whose window is closed, through the status template naming the dispute', async () => {
    const party = await resident('483920');
    await party.say('隔壁欠俺家三千块钱不还，吵了好几回了');
    const ref = refIn(await party.expect(/已收到，编号 #\d+/));
    const mediator = await waitFor(
      () => Object.values(v.mediators).find((m) => m.inbox().some((x) => x.text.includes(`新诉求 #${ref}`))),
      'the card',
    );
    const n = party.inbox().length;
    await ask(mediator, `接单 #${ref}`, /已受理为人民调解案件/);
    // Inside the window: the ordinary message.
    await party.expect(/村调委会受理/, n);
    expect(templatesTo(party.openid)).toHaveLength(0);

    h.mp.closeWindow(party.openid);
    await ask(mediator, `主持 #${ref}`, /主持调解/);
    const tpl = await waitFor(() => templatesTo(party.openid)[0], 'the mediation step as a template');
    expect(tpl.templateId).toBe('tplStatus_0000000001');
    expect(tpl.data).toEqual({
      character_string1: `#${ref}`,
      thing2: '人民调解',
      phrase3: '调解通知',
      time4: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
    });
    expect(tpl.url).toBe(`${h.url}/chat/wechat?ref=${ref}`);
  });

  it('a vote opened and its result published reach a silent household through the vote template', async () => {
    const proposer = await resident('251551');
    await proposer.say('建议村里在村委会前面那块空地建个小广场 晚上大家跳跳舞');
    const ref = refIn(await proposer.expect(/已收到，编号 #\d+/));
    const s = v.secretary;
    const created = await ask(s, `议事 #${ref}`, /已列入村民议事 D\d+/);
    const D = /D\d+/.exec(created.text)![0];
    await ask(s, `议事 ${D} 商议 两委商议：预算两万元，从集体收入出。`, new RegExp(D));
    await ask(s, `议事 ${D} 审议 党员大会应到30人，实到27人，同意25人。`, new RegExp(D));
    h.mp.closeWindow(proposer.openid);
    // Three days of silence: past the 48 hours, nobody asks WeChat for a customer-service send.
    const clock = h.clock as Clock & { offsetMs: number };
    clock.offsetMs += 3 * DAY;
    await ask(s, `议事 ${D} 表决 3天`, new RegExp(`${D} 开始表决`));
    const opened = await waitFor(
      () => templatesTo(proposer.openid).find((t) => t.data.phrase3 === '开始投票'),
      'the ballot as a template',
    );
    expect(opened.templateId).toBe('tplResolved_000000001');
    expect(opened.data.character_string1).toBe(D);
    expect([...opened.data.thing2!].length).toBeLessThanOrEqual(20);
    expect(opened.data.thing2).toMatch(/小广场/);

    clock.offsetMs += 3 * DAY + 60_000;
    await h.app.linli.tick(clock.now());
    await ask(s, `议事 ${D} 公开`, new RegExp(`${D} 的决议已公开`));
    const result = await waitFor(
      () => templatesTo(proposer.openid).find((t) => t.data.phrase3 === '结果公布'),
      'the result as a template',
    );
    expect(result.data.character_string1).toBe(D);
    for (const t of templatesTo(proposer.openid))
      for (const val of Object.values(t.data)) expect(val).not.toMatch(/\n/);
    // The proposer's own step messages ("your proposal is being voted on") have no template: they were held, and the
    // ballot and the result behind them went anyway. They come, in order, when the proposer writes again.
    // A send reaches the fake a moment before its row is marked sent: wait for the marks, not only the fake.
    const { held } = await waitFor(async () => {
      const rows = await outboxRows(h.database.db, { channel: 'wechat-mp', recipient: proposer.openid });
      const held = rows.filter((r) => !r.sentAt && !r.failedAt);
      const firstHeld = Math.min(...held.map((r) => r.id));
      return held.length >= 1 && rows.some((r) => r.id > firstHeld && r.sentAt) ? { held } : null;
    }, 'a held step message with a later one sent past it');
    const n = proposer.inbox().length;
    await proposer.say('收到');
    const released = await proposer.expect(new RegExp(`^您有 ${held.length} 条新消息：`), n);
    expect(released).toContain(D);
  });
});
