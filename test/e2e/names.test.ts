import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { adminApi, type Harness, startHarness, TelegramUser } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';
import { bound, deskGet, loginCookie } from '../desk/desk-support.js';

// A village whose codes follow none of the demo's patterns (no h-0301, l-03, md-01): people are found
// by looking them up in the roster, by name, group and address, never by the shape of a code. Two
// members are both called 李海生; two households' heads share the surname 杨. A second village has a
// household coded bh-h2, which is nobody's name here.
const hetang = {
  village: { code: 'hetang', name: '荷塘村', town: '磁州镇', county: '磁县' },
  members: [
    { code: 'sec.liu', name: '刘春华', roles: ['secretary'], bindCode: '800001' },
    { code: 'm.guo', name: '郭长顺', roles: ['mediator'], bindCode: '800101' },
    { code: 'm.meng', name: '孟桂芝', roles: ['mediator'], bindCode: '800102' },
    { code: 'wyh', name: '吴永红', roles: ['group_leader'], bindCode: '800201' },
    { code: 'lhs-a', name: '李海生', roles: ['group_leader'], bindCode: '800202' },
    { code: 'wang.d', name: '王德', roles: ['group_leader'], bindCode: '800203' },
    { code: 'lhs-b', name: '李海生', roles: ['group_leader'], bindCode: '800204' },
  ],
  groups: [
    { code: 'yi', name: '第一互助组', leader: 'wyh' },
    { code: 'dong', name: '第二互助组', leader: 'lhs-a' },
    { code: 'xi', name: '第五互助组', leader: 'wang.d', deputy: 'lhs-b' },
  ],
  households: [
    { code: 'zhang-3', group: 'yi', head: '张建国', address: '一组1号', bindCode: 'HT0101' },
    { code: 'yang.2', group: 'yi', head: '杨志强', address: '一组2号', bindCode: 'HT0102' },
    { code: 'y9', group: 'dong', head: '杨桂英', address: '二组1号', bindCode: 'HT0201' },
  ],
};
const beihe = {
  village: { code: 'beihe', name: '北河村', town: '磁州镇', county: '磁县' },
  members: [{ code: 'bs', name: '北河书记', roles: ['secretary'], bindCode: '880001' }],
  groups: [{ code: 'b1', name: '北河一组', leader: 'bs' }],
  households: [{ code: 'bh-h2', group: 'b1', head: '北河住户', address: '北河一组2号', bindCode: 'BH0102' }],
};
const codes = [...hetang.members.map((m) => m.code), ...hetang.households.map((x) => x.code)];

let h: Harness;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let secretary: TelegramUser;
let guo: TelegramUser;
let meng: TelegramUser;
let wu: TelegramUser;
let zhang: TelegramUser;
let yang: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

/** Says something and waits for the answer matching `pattern`; on a miss, says what came instead. */
async function ask(u: TelegramUser, text: string, pattern: RegExp): Promise<{ text: string; buttons: string[] }> {
  const n = u.inbox().length;
  await u.say(text);
  try {
    return await u.expect(pattern, n);
  } catch (err) {
    throw new Error(
      `${(err as Error).message}; got: ${JSON.stringify(
        u
          .inbox()
          .slice(n)
          .map((m) => m.text),
      )}`,
      { cause: err },
    );
  }
}

/** The labels of the buttons of the last message sent to a person (the fake records them in its calls). */
function lastButtonLabels(u: TelegramUser): { label: string; data: string }[] {
  const calls = h.telegram.calls.filter(
    (c) => c.method === 'sendMessage' && c.status === 200 && String(c.body.chat_id) === String(u.id),
  );
  const markup = calls.at(-1)!.body.reply_markup as
    { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => ({ label: b.text, data: b.callback_data }));
}

const request = async (ref: number) =>
  (await adminApi<{ assignee: { code: string } | null; status: string }>(h, 'GET', `/api/v1/requests/${ref}`)).body;

beforeAll(async () => {
  database = await createTestDatabase();
  await importRoster(database.db, hetang);
  await importRoster(database.db, beihe);
  h = await startHarness({ database, pumps: 'manual' });
  secretary = await bound(h, 9601, '刘书记', '800001');
  guo = await bound(h, 9602, '郭长顺', '800101');
  meng = await bound(h, 9603, '孟桂芝', '800102');
  wu = await bound(h, 9604, '吴永红', '800201');
  await bound(h, 9605, '李海生甲', '800202');
  await bound(h, 9606, '李海生乙', '800204');
  zhang = await bound(h, 9607, '张建国', 'HT0101');
  yang = await bound(h, 9608, '杨志强', 'HT0102');
}, 120_000);
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe('people are named by name, group and address', () => {
  it('主持 by name, 对方 by house number: the household is the party, told once and listed once; a code of another village is nobody', async () => {
    const n = zhang.inbox().length;
    await zhang.say('老杨家盖房子东墙占了俺家宅基地半米，说了也不听');
    const ref = refIn((await zhang.expect(/已收到，编号 #\d+/, n)).text);
    const card = new RegExp(`新诉求 #${ref}`);
    const mediator = await new Promise<TelegramUser>((resolve, reject) => {
      const started = Date.now();
      const look = () => {
        const who = [guo, meng].find((u) => u.inbox().some((m) => card.test(m.text)));
        if (who) resolve(who);
        else if (Date.now() - started > 10_000) reject(new Error(`no mediator's card for #${ref}`));
        else setTimeout(look, 20);
      };
      look();
    });
    await ask(mediator, `接单 #${ref}`, /已受理为人民调解案件/);

    const presided = await ask(mediator, `主持 #${ref} 郭长顺`, /主持调解|不是本村的调解员/);
    expect(presided.text).not.toContain('不是本村的调解员');
    expect(presided.text).toContain('郭长顺');
    // A leader is no mediator: said by name, with group and place.
    const wrong = await ask(mediator, `主持 #${ref} 吴永红`, /不是本村的调解员/);
    expect(wrong.text).toContain('吴永红（一组，组长）');

    // bh-h2 is a household of another village: not taken for a person's name, and nobody here.
    const elsewhere = await ask(guo, `对方 #${ref} bh-h2`, /没有找到/);
    expect(elsewhere.text).toContain('bh-h2');
    expect(elsewhere.text).toContain('户主姓名或门牌');

    const y0 = yang.inbox().length;
    const added = await ask(guo, `对方 #${ref} 一组2号`, /另一方当事人/);
    expect(added.text).toContain('杨志强');
    expect(added.text).toContain('已收到通知');
    await yang.expect(/您是另一方当事人/, y0);
    // Named again by name: the same household, not a second party.
    await ask(guo, `对方 #${ref} 杨志强家`, /另一方当事人/);

    const c = await adminApi<{ parties: { name: string; role: string }[] }>(h, 'GET', `/api/v1/mediations/${ref}`);
    expect(c.body.parties.filter((p) => p.role === 'respondent').map((p) => p.name)).toEqual(['杨志强']);
    const file = await (
      await fetch(`${h.url}/api/v1/mediations/${ref}/file`, {
        headers: { authorization: 'Bearer test-admin-token-0123456789' },
      })
    ).text();
    // The file lists the respondent as often as the applicant: once in each table of parties.
    const count = (name: string) => file.split(`<td>${name}</td>`).length - 1;
    expect(count('杨志强')).toBeGreaterThan(0);
    expect(count('杨志强')).toBe(count('张建国'));
  });

  it('转派 to a name two people share: buttons naming group and place; pressing one transfers to that one', async () => {
    const n = zhang.inbox().length;
    await zhang.say('村口的路灯坏了好几天了，晚上黑乎乎的');
    // 张建国 is a party of the case above: a street lamp is asked about, not kept in the dispute's record.
    await zhang.expect(/这是调解案件.*的事，还是另一件事？/, n);
    await zhang.say('另一件事');
    const ref = refIn((await zhang.expect(/已收到，编号 #\d+/, n)).text);
    await wu.expect(new RegExp(`新诉求 #${ref}`));
    expect((await request(ref)).assignee?.code).toBe('wyh');

    const asked = await ask(wu, `转派 #${ref} 李海生`, /有 2 位「李海生」/);
    expect(asked.text).toContain('李海生（二组，组长）');
    expect(asked.text).toContain('李海生（五组，副组长）');
    const buttons = lastButtonLabels(wu);
    expect(buttons.map((b) => b.label)).toEqual(['李海生（二组，组长）', '李海生（五组，副组长）']);
    for (const c of codes) expect(asked.text).not.toContain(c);
    expect((await request(ref)).assignee?.code).toBe('wyh');

    const w0 = wu.inbox().length;
    await wu.press(buttons[1]!.data);
    await wu.expect(/李海生/, w0);
    await expect.poll(async () => (await request(ref)).assignee?.code).toBe('lhs-b');
  });

  it('the transfer picker and the desk name people without codes; a deputy is a deputy', async () => {
    const n = zhang.inbox().length;
    await zhang.say('俺家门口的排水沟堵了，一下雨就漫到院里');
    await zhang.expect(/这是调解案件.*的事，还是另一件事？/, n);
    await zhang.say('另一件事');
    const ref = refIn((await zhang.expect(/已收到，编号 #\d+/, n)).text);
    await wu.expect(new RegExp(`新诉求 #${ref}`));
    const picker = await ask(wu, `转派 #${ref}`, /转给谁/);
    expect(picker.text).toContain('李海生（五组，副组长）');
    for (const c of codes) expect(picker.text).not.toContain(c);

    const cookie = await loginCookie(h, secretary, '800001', '');
    const page = await deskGet(h, cookie, `/desk/requests/${ref}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('李海生（二组，组长）');
    expect(page.text).toContain('李海生（五组，副组长）');
    expect(page.text).not.toMatch(/value="(?:lhs-a|lhs-b|m\.guo|wyh)"/);
  });

  it('说事 #N 转办 by name', async () => {
    const n = yang.inbox().length;
    await yang.say('说事：想问问今年低保名单是怎么定的');
    const topic = refIn((await yang.expect(/支部说事日/, n)).text);
    const done = await ask(secretary, `说事 #${topic} 转办 吴永红`, /已转给/);
    expect(done.text).toContain('吴永红');
    await expect.poll(async () => (await request(topic)).assignee?.code).toBe('wyh');
  });

  it('the desk login takes the number on the card or the name; two of one name are told to write their group', async () => {
    const post = (body: Record<string, string>) =>
      fetch(`${h.url}/desk/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const byName = await loginCookie(h, wu, '吴永红', '');
    expect(byName).toMatch(/^linli_desk=/);
    // Two of one name: the same answer as for anyone (a login reveals nothing), which says how to tell them apart.
    const twins = await post({ member: '李海生', village: '' });
    expect(twins.status).toBe(200);
    expect(await twins.text()).toContain('请在姓名前写上组别');
    expect((await post({ member: '五组 李海生', village: '' })).status).toBe(200);
  });

  it('the rates page names leaders by name and group, never by code', async () => {
    const cookie = await loginCookie(h, secretary, '800001', '');
    const page = await deskGet(h, cookie, '/desk/rates?village=hetang');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/李海生（五组，副组长）|吴永红（一组，组长）/);
    for (const c of ['wyh', 'lhs-b', 'lhs-a']) expect(page.text).not.toContain(`（${c}）`);
  });
});
