import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, type ApiRequest, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

/**
 * Card codes and re-imports through the real surfaces: rosters go in through POST /api/v1/roster, cards
 * come out of GET /api/v1/villages/:code/cards, people bind and act through the Telegram webhook.
 */

interface Card {
  kind: 'household' | 'member';
  code: string;
  name: string;
  bindCode: string;
  display: string;
}
interface Summary {
  village: string;
  generated: number;
  changed: number;
  revoked: number;
  deactivated: number;
  moved: number;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Entry = Record<string, unknown>;
function roster(code: string, opts: { members?: Entry[]; households?: Entry[]; groups?: Entry[] } = {}) {
  return {
    village: { code, name: `${code}村` },
    members: opts.members ?? [
      { code: 's-01', name: '周书记', roles: ['secretary'] },
      { code: 'l-01', name: '王组长', roles: ['group_leader'] },
      { code: 'l-02', name: '李组长', roles: ['group_leader'] },
    ],
    groups: opts.groups ?? [
      { code: 'g1', name: '第一互助组', leader: 'l-01' },
      { code: 'g2', name: '第二互助组', leader: 'l-02' },
    ],
    households: opts.households ?? [
      { code: 'h-01', group: 'g1', head: '赵大', address: '一组1号' },
      { code: 'h-02', group: 'g1', head: '钱二', address: '一组2号' },
      { code: 'h-03', group: 'g2', head: '孙三', address: '二组1号' },
    ],
  };
}

async function importRoster(body: unknown): Promise<Summary> {
  const res = await adminApi<Summary>(h, 'POST', '/api/v1/roster', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await settle(h);
  return res.body;
}

async function cardsOf(village: string): Promise<Map<string, Card>> {
  const res = await adminApi<{ cards: Card[] }>(h, 'GET', `/api/v1/villages/${village}/cards`);
  expect(res.status).toBe(200);
  return new Map(res.body.cards.map((c) => [c.code, c]));
}

let nextUser = 9100;
/** A new Telegram account binding with what it types; answers the account and the bot's replies. */
async function bindAs(typed: string): Promise<{ user: TelegramUser; replies: string[] }> {
  const user = new TelegramUser(h, nextUser++);
  return { user, replies: await say(user, `/start ${typed}`) };
}

async function say(user: TelegramUser, text: string): Promise<string[]> {
  const before = user.inbox().length;
  expect((await user.say(text)).status).toBe(200);
  await settle(h);
  return user
    .inbox()
    .slice(before)
    .map((m) => m.text);
}

const request = async (ref: number) => (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body;

describe('card codes the roster does not give', () => {
  it('are generated: 9 symbols without look-alikes, unique across the deployment, kept on re-import', async () => {
    const first = await importRoster(roster('gen1'));
    expect(first).toMatchObject({ generated: 6, changed: 0, revoked: 0, deactivated: 0, moved: 0 });
    const cards = await cardsOf('gen1');
    expect(cards.size).toBe(6);
    for (const c of cards.values()) {
      expect(c.bindCode).toMatch(/^[2-9A-HJKMNP-Z]{9}$/);
      expect(c.display).toBe(`${c.bindCode.slice(0, 3)}-${c.bindCode.slice(3, 6)}-${c.bindCode.slice(6)}`);
    }
    const again = await importRoster(roster('gen1'));
    expect(again).toMatchObject({ generated: 0, changed: 0, revoked: 0 });
    expect([...(await cardsOf('gen1')).values()].map((c) => c.bindCode)).toEqual(
      [...cards.values()].map((c) => c.bindCode),
    );

    // A second village without codes gets codes of its own: none repeats one of the first, nor the demo village's.
    await importRoster(roster('gen2'));
    const all = [
      ...cards.values(),
      ...(await cardsOf('gen2')).values(),
      ...(await cardsOf('xiaoyingdian')).values(),
    ].map((c) => c.bindCode);
    expect(new Set(all).size).toBe(all.length);
  });

  it('bind when typed in lower case with dashes, or in full-width characters', async () => {
    const cards = await cardsOf('gen1');
    const h01 = cards.get('h-01')!;
    const lower = await bindAs(h01.display.toLowerCase());
    expect(lower.replies.join('\n')).toMatch(/绑定成功.*一组1号/s);
    const fullWidth = [...cards.get('h-02')!.display.toLowerCase()]
      .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
      .join('');
    const wide = await bindAs(fullWidth);
    expect(wide.replies.join('\n')).toMatch(/绑定成功.*一组2号/s);
  });

  it('the roster supplies are stored normalized, so they bind however they are typed', async () => {
    const body = roster('printed', {
      households: [{ code: 'h-01', group: 'g1', head: '赵大', address: '一组1号', bindCode: 'pr-77a-b2c' }],
    });
    await importRoster(body);
    expect((await cardsOf('printed')).get('h-01')!.bindCode).toBe('PR77AB2C');
    expect((await bindAs('PR77-AB2C')).replies.join('\n')).toMatch(/绑定成功/);
  });
});

describe('re-importing a roster', () => {
  it('with a changed household code unbinds the accounts bound with the old card and tells them', async () => {
    await importRoster(roster('reissue'));
    const old = (await cardsOf('reissue')).get('h-01')!;
    const { user } = await bindAs(old.bindCode);
    const body = roster('reissue');
    (body.households[0] as Entry).bindCode = 'NEWCARD77';
    const summary = await importRoster(body);
    expect(summary).toMatchObject({ changed: 1, revoked: 1, generated: 0 });
    expect(user.inbox().at(-1)!.text).toMatch(/换发了新的联心卡.*已解绑/s);
    // Its next message is asked for a card code, and the old card no longer binds.
    expect((await say(user, '路灯坏了')).join('\n')).toMatch(/绑定码/);
    expect((await say(user, `/start ${old.bindCode}`)).join('\n')).not.toMatch(/绑定成功/);
    expect((await say(user, '/start newcard77')).join('\n')).toMatch(/绑定成功.*一组1号/s);
    // The other households' accounts are untouched.
    expect((await cardsOf('reissue')).get('h-02')!.bindCode).not.toBe('NEWCARD77');
  });

  it('with two households swapping their codes succeeds, and each code binds its new household', async () => {
    const body = roster('swap', {
      households: [
        { code: 'h-01', group: 'g1', head: '赵大', address: '一组1号', bindCode: 'SWAPAAA1' },
        { code: 'h-02', group: 'g1', head: '钱二', address: '一组2号', bindCode: 'SWAPBBB2' },
      ],
    });
    await importRoster(body);
    const a = await bindAs('SWAPAAA1');
    expect(a.replies.join('\n')).toMatch(/一组1号/);
    body.households[0]!.bindCode = 'SWAPBBB2';
    body.households[1]!.bindCode = 'SWAPAAA1';
    const summary = await importRoster(body);
    expect(summary).toMatchObject({ changed: 2, revoked: 1 });
    expect((await bindAs('swapaaa1')).replies.join('\n')).toMatch(/绑定成功.*一组2号/s);
    expect((await bindAs('swapbbb2')).replies.join('\n')).toMatch(/绑定成功.*一组1号/s);
    expect((await cardsOf('swap')).get('h-01')!.bindCode).toBe('SWAPBBB2');
  });

  it('without a member deactivates them: their commands are refused, their open tasks go to the secretary, who is told', async () => {
    await importRoster(roster('leave'));
    const cards = await cardsOf('leave');
    const secretary = (await bindAs(cards.get('s-01')!.bindCode)).user;
    const leader = (await bindAs(cards.get('l-01')!.bindCode)).user;
    const resident = (await bindAs(cards.get('h-01')!.bindCode)).user;
    const refOf = (texts: string[]) => Number(/#(\d+)/.exec(texts.join('\n'))![1]);
    const first = refOf(await say(resident, '俺家水管漏水了，麻烦来看看'));
    const second = refOf(await say(resident, '院里路灯不亮了'));
    expect((await request(first)).assignee?.code).toBe('l-01');
    expect((await request(second)).assignee?.code).toBe('l-01');
    await say(leader, `接单 #${first}`);
    expect((await request(first)).status).toBe('accepted');

    const before = secretary.inbox().length;
    const body = roster('leave', {
      members: [
        { code: 's-01', name: '周书记', roles: ['secretary'] },
        { code: 'l-02', name: '李组长', roles: ['group_leader'] },
      ],
      groups: [
        { code: 'g1', name: '第一互助组', leader: null },
        { code: 'g2', name: '第二互助组', leader: 'l-02' },
      ],
    });
    const summary = await importRoster(body);
    expect(summary).toMatchObject({ deactivated: 1, moved: 2, revoked: 0 });

    for (const ref of [first, second]) {
      const r = await request(ref);
      expect(r).toMatchObject({ status: 'escalated', assignee: { code: 's-01' } });
      expect(r.events.at(-1)).toMatchObject({ type: 'escalated', actor: { kind: 'system' } });
    }
    const told = secretary
      .inbox()
      .slice(before)
      .map((m) => m.text);
    expect(told.filter((t) => t.includes(`#${first}`) || t.includes(`#${second}`)).length).toBeGreaterThanOrEqual(2);
    expect(told.join('\n')).toMatch(/王组长：2 件未办完的事已转给您/);
    expect(
      resident
        .inbox()
        .map((m) => m.text)
        .join('\n'),
    ).toMatch(new RegExp(`#${second}`));

    // The deactivated leader can no longer act: nothing changes.
    expect((await say(leader, `接单 #${second}`)).join('\n')).toMatch(/绑定码/);
    expect(await request(second)).toMatchObject({ status: 'escalated', assignee: { code: 's-01' } });
    // The secretary can.
    await say(secretary, `接单 #${second}`);
    expect(await request(second)).toMatchObject({ status: 'accepted', assignee: { code: 's-01' } });

    // Back in the roster, the member is active again and acts on the same account.
    const back = await importRoster(roster('leave'));
    expect(back).toMatchObject({ deactivated: 0, revoked: 0, generated: 0 });
    const ref3 = refOf(await say(resident, '家里电表箱老跳闸'));
    expect((await request(ref3)).assignee?.code).toBe('l-01');
    await say(leader, `接单 #${ref3}`);
    expect((await request(ref3)).status).toBe('accepted');
  });

  it("giving a left-out household's code to another re-issues the left-out one, and a member's new code unbinds the member", async () => {
    await importRoster(roster('moved'));
    const before = await cardsOf('moved');
    const h03 = (await bindAs(before.get('h-03')!.bindCode)).user;
    const leader = (await bindAs(before.get('l-01')!.bindCode)).user;
    const body = roster('moved');
    body.households = body.households.slice(0, 2);
    (body.households[1] as Entry).bindCode = before.get('h-03')!.bindCode;
    (body.members[1] as Entry).bindCode = 'LEADER0001';
    const summary = await importRoster(body);
    expect(summary).toMatchObject({ changed: 3, revoked: 2, generated: 1, deactivated: 0 });
    const after = await cardsOf('moved');
    expect(after.get('h-02')!.bindCode).toBe(before.get('h-03')!.bindCode);
    expect(after.get('h-03')!.bindCode).not.toBe(before.get('h-03')!.bindCode);
    expect(h03.inbox().at(-1)!.text).toMatch(/换发了新的联心卡/);
    expect(leader.inbox().at(-1)!.text).toMatch(/换发了新的联心卡.*不再接收任务/s);
    expect((await say(leader, '/tasks')).join('\n')).toMatch(/绑定码/);
    expect((await say(leader, '/start leader-0001')).join('\n')).toMatch(/绑定成功.*王组长/s);
  });

  it('with any error changes nothing: no code changes, no account is unbound', async () => {
    await importRoster(roster('atomic'));
    const old = (await cardsOf('atomic')).get('h-01')!;
    const { user } = await bindAs(old.bindCode);
    const body = roster('atomic');
    (body.households[0] as Entry).bindCode = 'OTHERCODE9';
    (body.households[2] as Entry).group = 'g99';
    const res = await adminApi<{ error: { code: string; issues: string[] } }>(h, 'POST', '/api/v1/roster', body);
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContain('households.2.group: unknown group g99');
    await settle(h);
    expect((await cardsOf('atomic')).get('h-01')!.bindCode).toBe(old.bindCode);
    expect((await say(user, '/mine')).join('\n')).not.toMatch(/请先发送联心卡/);
  });

  it('refuses a code kept from the last import that the file now gives to someone else, naming the path', async () => {
    await importRoster(roster('kept'));
    const h01 = (await cardsOf('kept')).get('h-01')!;
    const body = roster('kept');
    (body.households[1] as Entry).bindCode = h01.bindCode.toLowerCase();
    const res = await adminApi<{ error: { issues: string[] } }>(h, 'POST', '/api/v1/roster', body);
    expect(res.status).toBe(400);
    expect(res.body.error.issues.join('\n')).toMatch(/^households\.0\.bindCode: .*given to households\.1/m);
  });
});

describe('the demo village', () => {
  it('codes are valid nowhere else: a second village importing one is refused, naming the path, and nothing is written', async () => {
    const body = roster('copycat', {
      members: [
        { code: 's-01', name: '周书记', roles: ['secretary'], bindCode: '700001' },
        { code: 'l-01', name: '王组长', roles: ['group_leader'] },
        { code: 'l-02', name: '李组长', roles: ['group_leader'] },
      ],
    });
    (body.households[1] as Entry).bindCode = '483-920';
    const res = await adminApi<{ error: { code: string; issues: string[] } }>(h, 'POST', '/api/v1/roster', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('roster.invalid');
    expect(res.body.error.issues).toEqual(
      expect.arrayContaining([
        'members.0.bindCode: bind code 700001 cannot be used',
        'households.1.bindCode: bind code 483920 cannot be used',
      ]),
    );
    expect((await adminApi(h, 'GET', '/api/v1/villages/copycat/cards')).status).toBe(404);
    // The demo secretary's code still binds the demo secretary.
    expect((await bindAs('700001')).replies.join('\n')).toMatch(/绑定成功.*小营店村/s);
  });
});
