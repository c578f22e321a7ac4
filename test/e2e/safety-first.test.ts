import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  daytimeClock,
  demoRoster,
  type Harness,
  settle,
  startHarness,
  TelegramUser,
} from '../support/harness.js';

/** Issue 21, items 2 (the model's `none`), 7 (safety first) and 8 (no question loop), as residents on Telegram do it. */
const clock = daytimeClock();
let h: Harness;
let leader: TelegramUser;
let secretary: TelegramUser;
let next = 8100;
let codes: string[] = [];

async function api(path: string, init: RequestInit = {}) {
  return (
    await fetch(`${h.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers },
    })
  ).json() as Promise<any>;
}
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const total = async () => (await api('/api/v1/requests')).total as number;

/** A freshly bound resident of a household of group 3 no other test uses. */
async function resident(): Promise<TelegramUser> {
  const u = new TelegramUser(h, next++);
  await u.say(`/start ${codes.shift()!}`);
  await u.expect(/绑定成功/);
  return u;
}

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  leader = new TelegramUser(h, 8003);
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
  secretary = new TelegramUser(h, 8001);
  await secretary.say('/start 700001');
  await secretary.expect(/绑定成功/);
  codes = demoRoster()
    .households.filter((x: { group: string }) => x.group === 'g3')
    .map((x: { bindCode: string }) => x.bindCode)
    .slice(2, 30);
});
afterAll(async () => {
  await h?.close();
});

describe('safety first: an urgent report is never held behind a question', () => {
  it('files the sparking wire at once as an urgent hazard, with the advice and no kind menu', async () => {
    const u = await resident();
    const text = '俺家院里的电线老是打火花，就在一组3号，吓得不敢开灯';
    // The model alone is unsure of the kind: below the floor that used to bring the menu.
    const classified = await api('/api/v1/classify', { method: 'POST', body: JSON.stringify({ text }) });
    expect(classified).toMatchObject({ urgency: 'urgent' });
    expect(classified.confidence).toBeLessThan(0.4);
    const l0 = leader.inbox().length;
    await u.say(text);
    const receipt = await u.expect(/已收到，编号/);
    expect(receipt.text).toMatch(/【安全提醒】电线冒火花或漏电/);
    const r = await api(`/api/v1/requests/${refIn(receipt.text)}`);
    expect(r).toMatchObject({ kind: 'hazard', urgency: 'urgent' });
    await leader.expect(new RegExp(`#${r.ref}`), l0);
    await settle(h);
    expect(u.inbox().filter((m) => /请选一个/.test(m.text))).toEqual([]);

    // The kind is corrected afterwards: by the secretary (or whoever has it), never by the resident.
    const n = u.inbox().length;
    await u.say(`改类 #${r.ref} 报修`);
    await u.expect(/只有组长和村干部能用/, n);
    const s0 = secretary.inbox().length;
    await secretary.say(`改类 #${r.ref} 好像是`);
    await secretary.expect(/请写上类别，例如：改类 #\d+ 报修/, s0);
    await secretary.say(`改类 #${r.ref} 报修`);
    await secretary.expect(new RegExp(`已把 #${r.ref} 改为“报修”`), s0);
    const changed = await api(`/api/v1/requests/${r.ref}`);
    expect(changed).toMatchObject({ kind: 'repair', urgency: 'urgent', status: r.status });
    expect(changed.details).toMatchObject({ kindBefore: 'hazard' });
    await secretary.say(`改类 #${r.ref} 报修`);
    await secretary.expect(/已经是“报修”了/, s0);
  });

  it('files "我家老人摔倒了起不来" as urgent help with the 120 advice, asking nothing', async () => {
    const u = await resident();
    await u.say('我家老人摔倒了起不来');
    const receipt = await u.expect(/已收到，编号/);
    expect(receipt.text).toMatch(/120/);
    const r = await api(`/api/v1/requests/${refIn(receipt.text)}`);
    expect(r).toMatchObject({ kind: 'help', urgency: 'urgent' });
    await settle(h);
    // "When do you need help?" makes no sense for a fall: it is now.
    expect(u.inbox().filter((m) => /请选一个|什么时候需要帮忙/.test(m.text))).toEqual([]);
  });

  it('files a lost old man and a child in a fever fit as urgent help with 110 / 120', async () => {
    for (const [text, number] of [
      ['俺爹走丢了', /110/],
      ['孩子发高烧抽搐', /120/],
    ] as const) {
      const u = await resident();
      await u.say(text);
      const receipt = await u.expect(/已收到，编号/);
      expect(receipt.text).toMatch(number);
      expect(await api(`/api/v1/requests/${refIn(receipt.text)}`)).toMatchObject({ kind: 'help', urgency: 'urgent' });
    }
  });
});

describe('an urgent message while a question waits', () => {
  it('is filed at once, not taken as the answer to the kind question', async () => {
    const u = await resident();
    await u.say('水渠那块地的事');
    await u.expect(/请选一个/);
    const n = u.inbox().length;
    await u.say('老人昏过去了 快来人');
    const receipt = await u.expect(/已收到，编号/, n);
    expect(receipt.text).toMatch(/120/);
    expect(await api(`/api/v1/requests/${refIn(receipt.text)}`)).toMatchObject({ kind: 'help', urgency: 'urgent' });
    // The words the kind question held are filed right after it, not lost.
    const held = await u.expect(
      new RegExp(`已收到，编号 #(?!${refIn(receipt.text)}\\b)\\d+[\\s\\S]*水渠那块地的事`),
      n,
    );
    const at = (text: string) => u.inbox().findIndex((m) => m.text === text);
    expect(at(held.text)).toBeGreaterThan(at(receipt.text));
  });
});

describe('the kind and same-matter questions end', () => {
  it('"1" (the kind) then "2" (not that one) asks where, once, and files the request', async () => {
    const first = await resident();
    await first.say('学校旁边水渠那块漏水了');
    const theirs = refIn((await first.expect(/已收到，编号/)).text);

    const u = await resident();
    await u.say('水渠那块地的事');
    await u.expect(/请选一个/);
    const n = u.inbox().length;
    await u.say('1');
    await u.expect(new RegExp(`是 #${theirs} 说的那个（学校旁边）吗`), n);
    await u.say('2');
    await u.expect(/在哪个位置/, n);
    await u.say('村东头大桥底下');
    const ref = refIn((await u.expect(/已收到，编号/, n)).text);
    expect(ref).not.toBe(theirs);
    const r = await api(`/api/v1/requests/${ref}`);
    expect(r.kind).toBe('repair');
    expect(r.details).toMatchObject({ confirmedKind: 'repair', location: '村东头大桥底下' });
    await settle(h);
    // The kind was asked once only.
    expect(u.inbox().filter((m) => /请选一个/.test(m.text))).toHaveLength(1);
  });
});

describe('a message without a matter', () => {
  it('answers 看了, 好的, 👍, 晓得了, 收到 with a warm word and files nothing', async () => {
    const u = await resident();
    const before = await total();
    for (const s of ['看了', '好的', '👍', '晓得了', '收到，谢谢', '中', 'got it']) {
      const n = u.inbox().length;
      await u.say(s);
      const reply = await u.expect(/./, n);
      expect(reply.text, s).toMatch(/收到|不客气|Got it/);
      expect(reply.text, s).not.toMatch(/编号|请选一个/);
    }
    await settle(h);
    expect(await total()).toBe(before);
  });
});
