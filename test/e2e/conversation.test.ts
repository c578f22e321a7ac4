import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  daytimeClock,
  demoRoster,
  type Harness,
  settle,
  startHarness,
  TelegramUser,
  waitFor,
} from '../support/harness.js';

/** "A conversation that listens": what escapes a pending question, buttons that wait, small talk, the kind choice. */
const clock = daytimeClock();
let h: Harness;
let leader: TelegramUser;
let secretary: TelegramUser;
let next = 7100;
let codes: string[] = [];

async function api(path: string) {
  return (
    await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json() as Promise<any>;
}
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

/** A freshly bound resident of a household of group 3 no other test uses. */
async function resident(): Promise<TelegramUser> {
  const u = new TelegramUser(h, next++);
  await u.say(`/start ${codes.shift()!}`);
  await u.expect(/绑定成功/);
  return u;
}

/** A resident's filed and accepted request, for the leader's buttons. */
async function acceptedRequest(u: TelegramUser, text: string): Promise<number> {
  await u.say(text);
  const ref = refIn((await u.expect(/已收到，编号/)).text);
  const n = leader.inbox().length;
  await leader.press(`acc:${ref}`);
  await leader.expect(new RegExp(`已接单 #${ref}`), n);
  return ref;
}

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  leader = new TelegramUser(h, 7003);
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
  secretary = new TelegramUser(h, 7001);
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

describe('a pending question does not swallow what comes next', () => {
  it('runs a command sent while a question is pending, and the question stays open', async () => {
    const u = await resident();
    await u.say('路灯坏了好几天了');
    await u.expect(/在哪个位置/);
    const n = u.inbox().length;
    await u.say('我的诉求');
    await u.expect(/还没有诉求/, n);
    await u.say('村口大槐树底下');
    const ref = refIn((await u.expect(/已收到，编号/, n)).text);
    expect((await api(`/api/v1/requests/${ref}`)).details.location).toBe('村口大槐树底下');
  });

  it('takes a 说事 topic as a topic, which reaches the agenda', async () => {
    const u = await resident();
    await u.say('马路上有个大坑');
    await u.expect(/在哪个位置/);
    const n = u.inbox().length;
    await u.say('说事 想在说事日说说低保名单的事');
    const ref = refIn((await u.expect(/支部说事日/, n)).text);
    const r = await api(`/api/v1/requests/${ref}`);
    expect(r.kind).toBe('say_things');
    expect(r.urgency).toBe('normal');
    const s = secretary.inbox().length;
    await secretary.say('议程');
    await secretary.expect(/低保名单/, s);
  });

  it('does not take a clearly new matter as the answer', async () => {
    const u = await resident();
    await u.say('想找人帮俺家收玉米');
    await u.expect(/什么时候需要帮忙/);
    const n = u.inbox().length;
    await u.say('邻居老王把墙砌到俺家地里了，说了也不听');
    const ref = refIn((await u.expect(/已收到，编号/, n)).text);
    expect((await api(`/api/v1/requests/${ref}`)).kind).toBe('dispute');
    // The first question is still open and can be answered.
    await u.say('明天上午');
    const help = refIn((await u.expect(new RegExp(`已收到，编号 #(?!${ref}\\b)\\d+`), n)).text);
    expect((await api(`/api/v1/requests/${help}`)).kind).toBe('help');
  });

  it('when unsure, asks whether a text is about the pending question or a new matter', async () => {
    const u = await resident();
    await u.say('马路上有个大坑');
    await u.expect(/在哪个位置/);
    const n = u.inbox().length;
    await u.say('不太清楚');
    const ask = await u.expect(/这是刚才那件事的补充，还是一件新的事/, n);
    expect(ask.buttons).toEqual(['fu:add', 'fu:new']);
    await u.press('fu:new');
    await u.expect(/在哪个位置/, n + 1);
    // The question is still open: the real answer files the report.
    await u.say('三组路口东边');
    const ref = refIn((await u.expect(/已收到，编号/, n)).text);
    expect((await api(`/api/v1/requests/${ref}`)).details.location).toBe('三组路口东边');
  });

  it('offers a fragment right after a report as a follow-up, and 补充 adds it as a note for the leader', async () => {
    const u = await resident();
    await u.say('小学门口的路灯坏了好几天了');
    const ref = refIn((await u.expect(/已收到，编号/)).text);
    const before = (await api('/api/v1/requests')).total;
    const n = u.inbox().length;
    const l = leader.inbox().length;
    await u.say('村委会西边那盏');
    const ask = await u.expect(new RegExp(`补充到 #${ref} 吗`), n);
    expect(ask.buttons).toEqual(['fu:add', 'fu:new']);
    await u.press('fu:add');
    await u.expect(new RegExp(`已补充到 #${ref}`), n);
    await leader.expect(new RegExp(`住户补充 #${ref}：村委会西边那盏`), l);
    expect((await api('/api/v1/requests')).total).toBe(before);
  });

  it('a fragment after a report and then a 说事 topic is offered to the report, not the topic', async () => {
    const u = await resident();
    await u.say('村东头的水渠堵了，水漫到路上');
    const ref = refIn((await u.expect(/已收到，编号/)).text);
    const n = u.inbox().length;
    await u.say('说事 想说说垃圾池该清了');
    await u.expect(/支部说事日/, n);
    const m = u.inbox().length;
    await u.say('老井西边那段');
    await u.expect(new RegExp(`补充到 #${ref} 吗`), m);
  });
});

describe('buttons that wait for the text', () => {
  it('备注 button → the next text is the note: the resident gets it exactly, the leader the echo', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家壁挂炉坏了，不出热水');
    const n = u.inbox().length;
    const l = leader.inbox().length;
    await leader.press(`note:${ref}`);
    await leader.expect(new RegExp(`请直接发备注内容（#${ref}）`), l);
    await leader.say('师傅明天上午来，请家里留人！（带好保修卡）');
    await leader.expect(new RegExp(`已备注 #${ref}：师傅明天上午来，请家里留人！（带好保修卡）`), l);
    const got = await u.expect(/有新进展/, n);
    expect(got.text).toContain('师傅明天上午来，请家里留人！（带好保修卡）');
  });

  it('keeps full-width punctuation in a typed 备注 too', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家水管漏水了');
    const n = u.inbox().length;
    await leader.say(`备注 #${ref} 好的，下午两点到！`);
    expect((await u.expect(/有新进展/, n)).text).toContain('好的，下午两点到！');
  });

  it('办结 button → the next text is the result, and the resident is asked to rate; 不满意 asks why and the secretary hears it', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家电表箱老跳闸');
    const n = u.inbox().length;
    const l = leader.inbox().length;
    await leader.press(`res:${ref}`);
    await leader.expect(/请直接发处理结果/, l);
    await leader.say('换了新的空开。');
    await leader.expect(new RegExp(`#${ref} 已办结`), l);
    await u.expect(/办结：换了新的空开。[\s\S]*您满意吗/, n);
    const s = secretary.inbox().length;
    await u.say('3');
    await u.expect(/哪里没办好/, n);
    await u.say('还是跳闸，师傅没查清楚');
    await u.expect(/已转告村党支部书记/, n);
    await secretary.expect(new RegExp(`重新办理 #${ref}[\\s\\S]*住户不满意的原因：还是跳闸，师傅没查清楚`), s);
    await settle(h);
    const r = await api(`/api/v1/requests/${ref}`);
    expect(r.status).toBe('reopened');
    expect(r.events).toContainEqual(
      expect.objectContaining({ type: 'note', details: { text: '还是跳闸，师傅没查清楚', unhappyReason: true } }),
    );
    const v = u.inbox().length;
    await u.say(`查 #${ref}`);
    await u.expect(/住户不满意的原因：还是跳闸，师傅没查清楚/, v);
  });

  it('转派 button then a member code hands it over', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家院里的水龙头坏了');
    const l = leader.inbox().length;
    await leader.press(`trf:${ref}`);
    await settle(h);
    await leader.say('d-03');
    await leader.expect(new RegExp(`#${ref} 已转派给`), l);
    await u.expect(new RegExp(`#${ref} 已转给`));
  });

  it('a command during the wait ends it: the text after is not a note', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家厨房的灯不亮了');
    const l = leader.inbox().length;
    await leader.press(`note:${ref}`);
    await leader.expect(/请直接发备注内容/, l);
    await leader.say('我的任务');
    await settle(h);
    const n = u.inbox().length;
    await leader.say('随便说一句');
    await leader.expect(/命令（把 #12 换成诉求编号）/, l);
    await settle(h);
    expect(
      u
        .inbox()
        .slice(n)
        .filter((m) => /有新进展/.test(m.text)),
    ).toHaveLength(0);
  });
});

describe('small talk, other households, unsure kinds', () => {
  it('answers thanks warmly and files nothing', async () => {
    const u = await resident();
    const before = (await api('/api/v1/requests')).total;
    for (const s of ['谢谢你们', '辛苦了']) {
      const n = u.inbox().length;
      await u.say(s);
      await u.expect(/不客气/, n);
    }
    expect((await api('/api/v1/requests')).total).toBe(before);
  });

  it('asks a second household which light it means instead of linking it; another place is its own request', async () => {
    const first = await resident();
    const second = await resident();
    const third = await resident();
    await first.say('村委会西边的路灯坏了');
    const ref = refIn((await first.expect(/已收到，编号/)).text);
    expect((await api(`/api/v1/requests/${ref}`)).details.location).toBe('村委会');
    await second.say('路灯坏了');
    const ask = await second.expect(/是 #\d+ 说的那个（.+）吗/);
    expect(ask.buttons).toEqual(['fu:add', 'fu:new']);
    await second.press('fu:new');
    await second.expect(/在哪个位置/);
    await third.say('学校门口的路灯坏了');
    const own = refIn((await third.expect(/已收到，编号/)).text);
    expect(own).not.toBe(ref);
    await settle(h);
    expect((await api(`/api/v1/requests/${ref}`)).events.map((e: { type: string }) => e.type)).not.toContain(
      'followed',
    );
  });

  it('below the confidence floor asks for the kind; the choice files the request and is kept as a label', async () => {
    const u = await resident();
    const classified = (await (
      await fetch(`${h.url}/api/v1/classify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: '水渠那块地的事' }),
      })
    ).json()) as { kind: string; confidence: number };
    expect(classified.confidence).toBeLessThan(0.4);
    await u.say('水渠那块地的事');
    const ask = await u.expect(/请选一个/);
    expect(ask.buttons).toEqual(['kind:1', 'kind:2', 'kind:3', 'kind:4', 'kind:5', 'kind:6', 'kind:7']);
    expect(ask.text).not.toMatch(/在哪个位置/);
    await u.press('kind:7');
    const ref = refIn((await u.expect(/已收到，编号/)).text);
    const r = await api(`/api/v1/requests/${ref}`);
    expect(r.kind).toBe('inquiry');
    expect(r.details).toMatchObject({ confirmedKind: 'inquiry', guessedKind: classified.kind });

    const v = await resident();
    await v.say('东头老李家那事儿');
    await v.expect(/请选一个/);
    await v.say('5');
    const topic = refIn((await v.expect(/支部说事日/)).text);
    expect((await api(`/api/v1/requests/${topic}`)).details.confirmedKind).toBe('say_things');

    // Kept for training: both choices, as labelled rows with what the model had guessed.
    const { labels } = (await api('/api/v1/labels')) as {
      labels: { id: string; text: string; kind: string; split: string; guessed: string }[];
    };
    expect(labels).toContainEqual(
      expect.objectContaining({
        id: `confirmed-${ref}`,
        text: '水渠那块地的事',
        kind: 'inquiry',
        split: 'train',
        guessed: classified.kind,
      }),
    );
    expect(labels).toContainEqual(
      expect.objectContaining({ id: `confirmed-${topic}`, text: '东头老李家那事儿', kind: 'say_things' }),
    );
  });
});

describe('the words a question holds are never lost', () => {
  it('我的诉求 typed under "which kind?" answers and leaves the question open; a matter of its own then files the held words to the leader, with a receipt', async () => {
    const u = await resident();
    const l0 = leader.inbox().length;
    await u.say('水渠那块地的事');
    const k = u.inbox().length;
    await u.expect(/请选一个/);
    await u.say('我的诉求');
    await u.expect(/诉求/, k + 1);
    await u.say('就是东头那块');
    await u.expect(/和刚才说的是一件事[\s\S]*请选一个/, k + 2);
    const n = u.inbox().length;
    await u.say('俺家的狗丢了，黄色的，谁看见了说一声');
    await u.expect(/先替您报上去了/, n);
    const receipts = await waitFor(() => {
      const got = u
        .inbox()
        .slice(n)
        .filter((m) => /已收到，编号 #\d+/.test(m.text));
      return got.length === 2 ? got : null;
    }, 'two receipts: the held words and the lost dog');
    expect(receipts[1]!.text).toMatch(/狗丢了/);
    const held = await api(`/api/v1/requests/${refIn(receipts[0]!.text)}`);
    expect(held).toMatchObject({ kind: 'help', text: '水渠那块地的事，就是东头那块' });
    await leader.expect(new RegExp(`新诉求 #${refIn(receipts[0]!.text)}[\\s\\S]*水渠那块地的事`), l0);
  });
});

describe('waits run out with a word', () => {
  it('the leader’s wait for a note ends after an hour, and the text after it is not a note', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家大门的锁坏了');
    const l = leader.inbox().length;
    await leader.press(`note:${ref}`);
    await leader.expect(/请直接发备注内容/, l);
    clock.offsetMs += 61 * 60_000;
    const n = u.inbox().length;
    await leader.say('明天去看');
    await leader.expect(new RegExp(`#${ref} 等您的内容超过一小时了`), l);
    await settle(h);
    expect(
      u
        .inbox()
        .slice(n)
        .filter((m) => /有新进展/.test(m.text)),
    ).toHaveLength(0);
  });
  it('the sweeper says so when the wait ends, without waiting for the next message, and only once', async () => {
    const u = await resident();
    const ref = await acceptedRequest(u, '俺家灶台的烟囱堵了，屋里冒烟');
    const l = leader.inbox().length;
    await leader.press(`note:${ref}`);
    await leader.expect(/请直接发备注内容/, l);
    clock.offsetMs += 61 * 60_000;
    await h.app.linli.tick(clock.now());
    await leader.expect(new RegExp(`#${ref} 等您的内容超过一小时了`), l);
    const after = leader.inbox().length;
    const n = u.inbox().length;
    await leader.say('明天去看');
    await leader.expect(/命令|接单/, after);
    await settle(h);
    expect(
      leader
        .inbox()
        .slice(after)
        .filter((m) => /等您的内容超过一小时了/.test(m.text)),
    ).toHaveLength(0);
    expect(
      u
        .inbox()
        .slice(n)
        .filter((m) => /有新进展/.test(m.text)),
    ).toHaveLength(0);
  });
});
