import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import { ADMIN_TOKEN, demoRoster, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';
import { bound, deskGet, loginCookie } from '../desk/desk-support.js';

/** Village time, set by hand: every rule here runs at an exact instant, never by waiting. */
const at = (m: number, d: number, h = 0, min = 0, y = 2026) => atLocal('Asia/Shanghai', y, m, d, h, min);
const clock = {
  t: at(11, 2, 9).getTime(),
  now() {
    return new Date(this.t);
  },
  set(d: Date) {
    this.t = d.getTime();
  },
};

let h: Harness;
let elder: TelegramUser; // 三组1号 杨志强, an elderly man living alone
let neighbour: TelegramUser; // 三组2号 王志强
let leader: TelegramUser; // 吴永红, the third group's leader
let secretary: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
async function api(path: string, init?: RequestInit) {
  const res = await fetch(`${h.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init?.headers },
  });
  return { status: res.status, body: (await res.json()) as any };
}
async function tickAt(d: Date) {
  clock.set(d);
  const r = await h.app.linli.tick(d);
  h.app.linli.outbox.wake();
  await settle(h);
  return r;
}

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  elder = new TelegramUser(h, 5101, '杨志强');
  neighbour = new TelegramUser(h, 5102, '王志强');
  leader = new TelegramUser(h, 5103, '吴永红');
  secretary = new TelegramUser(h, 5104, '韩守义');
  for (const [u, code] of [
    [elder, '483920'],
    [neighbour, '251551'],
    [leader, '700303'],
    [secretary, '700001'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
  // The roster marks 三组1号 as 独居老人 (weekly visits) and 三组3号 as 低保 (monthly).
  const roster = demoRoster();
  for (const x of roster.households) {
    if (x.address === '三组1号') x.care = '独居老人';
    if (x.address === '三组3号') x.care = '低保';
  }
  const imported = await api('/api/v1/roster', { method: 'POST', body: JSON.stringify(roster) });
  expect(imported.status).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

describe('care visits (未诉先办)', () => {
  it('gives the leader a visit task when the weekly visit is due, once, and escalates a missed one to the secretary', async () => {
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    await tickAt(at(11, 9, 8, 59));
    expect(
      leader
        .inbox()
        .slice(l0)
        .some((m) => m.text.includes('走访提醒')),
    ).toBe(false);
    await tickAt(at(11, 9, 9, 1));
    const task = await leader.expect(/【走访提醒】杨志强家（三组1号）（独居老人）该入户走访了/, l0);
    expect(task.text).toContain('走访 三组1号');
    await tickAt(at(11, 9, 12, 0));
    expect(
      leader
        .inbox()
        .slice(l0)
        .filter((m) => m.text.includes('走访提醒')),
    ).toHaveLength(1);
    // The monthly 低保 household is not due yet.
    expect(
      leader
        .inbox()
        .slice(l0)
        .some((m) => m.text.includes('三组3号')),
    ).toBe(false);

    await tickAt(at(11, 11, 8, 59));
    expect(
      secretary
        .inbox()
        .slice(s0)
        .some((m) => m.text.includes('走访超时')),
    ).toBe(false);
    await tickAt(at(11, 11, 9, 1));
    await secretary.expect(
      /【走访超时】杨志强家（三组1号）（独居老人）应在 11月9日 09:00 前走访，吴永红 还没有走访/,
      s0,
    );
    await leader.expect(/杨志强家（三组1号）的走访已超时，已告诉村里/, l0);
    await tickAt(at(11, 11, 10, 0));
    expect(
      secretary
        .inbox()
        .slice(s0)
        .filter((m) => m.text.includes('走访超时')),
    ).toHaveLength(1);
  });

  it('records a visit; "缺煤" in the note becomes a help request of that household, filed by the leader on the visit', async () => {
    clock.set(at(11, 11, 15));
    const l0 = leader.inbox().length;
    const e0 = elder.inbox().length;
    await leader.say('走访 三组1号 身体还好，缺煤');
    const said = await leader.expect(/已记下走访：杨志强家（三组1号）/, l0);
    expect(said.text).toContain('下次走访：11月18日 15:00 前');
    const ref = refIn(/发现的事已替这户报上来：#\d+/.exec(said.text)![0]);
    const r = (await api(`/api/v1/requests/${ref}`)).body;
    expect(r.kind).toBe('help');
    expect(r.household).toBe('h-0301');
    expect(r.text).toBe('缺煤');
    expect(r.details.filedBy).toMatchObject({ name: '吴永红', onVisit: true, visitNote: '身体还好，缺煤' });
    // The household hears of it on its own account, as its receipt.
    await elder.expect(new RegExp(`吴永红入户走访时替您家报了一件事：\\n已收到，编号 #${ref}`), e0);
    // The leader has it as a task, like any request of the group.
    await leader.expect(new RegExp(`#${ref}`), l0);

    // Visited: no task until the next week's visit is due.
    const l1 = leader.inbox().length;
    await tickAt(at(11, 18, 14, 59));
    expect(
      leader
        .inbox()
        .slice(l1)
        .some((m) => m.text.includes('走访提醒')),
    ).toBe(false);
    await tickAt(at(11, 18, 15, 1));
    await leader.expect(/【走访提醒】杨志强家（三组1号）/, l1);
  });

  it('files nothing for a note that only says how the household is', async () => {
    clock.set(at(11, 18, 16));
    const l0 = leader.inbox().length;
    await leader.say('走访 杨志强家 身体还好，精神不错');
    const said = await leader.expect(/已记下走访：杨志强家（三组1号）/, l0);
    expect(said.text).not.toContain('报上来');
  });

  it("代报: a leader files for a household; the request is the household's, its accounts get the receipt, the ledger says who filed it", async () => {
    clock.set(at(11, 19, 10));
    const l0 = leader.inbox().length;
    const n0 = neighbour.inbox().length;
    await leader.say('代报 三组2号 院墙倒了');
    const said = await leader.expect(/已替王志强家（三组2号）报上来，编号 #\d+。回执已发到这户绑定的 1 个账号。/, l0);
    const ref = refIn(said.text);
    await neighbour.expect(new RegExp(`吴永红替您家报了一件事：\\n已收到，编号 #${ref}`), n0);
    const r = (await api(`/api/v1/requests/${ref}`)).body;
    expect(r.household).toBe('h-0302');
    expect(r.kind).toBe('repair');
    expect(r.details.filedBy).toMatchObject({ name: '吴永红', onVisit: false });
    // The household's own 我的诉求 lists it: it is theirs.
    await neighbour.say('我的诉求');
    await neighbour.expect(new RegExp(`#${ref}`), n0 + 1);
    // The ledger shows who filed it.
    const csv = await fetch(`${h.url}/api/v1/requests.csv?village=xiaoyingdian&month=2026-11`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('吴永红代报');
  });

  it('asks which household when a name fits several, keeping the note for the button', async () => {
    clock.set(at(11, 19, 10, 30));
    const l0 = leader.inbox().length;
    await leader.say('走访 齐秀英 腿疼，想请人帮忙买药');
    const ask = await leader.expect(/村里有 3 户对得上「齐秀英」/, l0);
    expect(ask.text).toContain('走访 齐秀英家（二组17号） 腿疼，想请人帮忙买药');
    expect(ask.buttons).toHaveLength(3);
    await leader.press(ask.buttons[1]!);
    const said = await leader.expect(/已记下走访：齐秀英家（二组17号）/, l0);
    // Not a care household: no next visit to name.
    expect(said.text).not.toMatch(/下次走访/);
    const ref = refIn(/报上来：#\d+/.exec(said.text)![0]);
    const r = (await api(`/api/v1/requests/${ref}`)).body;
    expect(r.household).toBe('h-0217');
    expect(r.details.filedBy).toMatchObject({ name: '吴永红', onVisit: true });
    // The button's words were used once: a second press records nothing more.
    const l1 = leader.inbox().length;
    await leader.press(ask.buttons[1]!);
    await leader.expect(/这条已经记过了/, l1);
  });

  it('refuses a resident politely, changing nothing', async () => {
    clock.set(at(11, 19, 11));
    const n0 = neighbour.inbox().length;
    const before = (await api('/api/v1/requests?pageSize=1')).body.total;
    await neighbour.say('代报 三组1号 院墙倒了');
    await neighbour.expect(/这个命令只有组长和村干部能用/, n0);
    await neighbour.say('走访 三组1号 身体还好');
    await neighbour.expect(/这个命令只有组长和村干部能用/, n0 + 1);
    expect((await api('/api/v1/requests?pageSize=1')).body.total).toBe(before);
  });

  it("the desk's 关爱走访 page lists the care households per group, overdue and due marked, within the user's scope", async () => {
    clock.set(at(12, 3, 10));
    const rows = (html: string) =>
      [...html.matchAll(/<tr data-household="([^"]+)" data-standing="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    const secretaryPage = await deskGet(h, await loginCookie(h, secretary, 's-01', 'xiaoyingdian'), '/desk/care');
    expect(secretaryPage.status).toBe(200);
    // 三组1号: weekly, last visited 11月18日 → overdue; 三组3号: monthly since 11月2日 → due.
    expect(rows(secretaryPage.text)).toEqual([
      ['h-0301', 'overdue'],
      ['h-0303', 'due'],
    ]);
    expect(secretaryPage.text).toContain('身体还好，精神不错');
    expect(secretaryPage.text).toContain('1 户走访已超时，1 户该走访了');
    const leaderCookie = await loginCookie(h, leader, 'l-03', 'xiaoyingdian');
    const leaderPage = await deskGet(h, leaderCookie, '/desk/care');
    // Each of the leader's three visits earned its point (党员积分), traced to the visit.
    const points = JSON.parse(
      (await deskGet(h, leaderCookie, '/desk/api/member-ratings?quarter=2026-Q4', 'application/json')).text,
    ) as { ledger: { rule: string; points: number }[] };
    expect(points.ledger.filter((r) => r.rule === 'visit')).toEqual([
      expect.objectContaining({ points: 1 }),
      expect.objectContaining({ points: 1 }),
      expect.objectContaining({ points: 1 }),
    ]);
    expect(rows(leaderPage.text).map((r) => r[0])).toEqual(['h-0301', 'h-0303']);
    // Another group's leader sees none of the third group's households.
    const other = await bound(h, 5105, '赵德福', '700301');
    const otherPage = await deskGet(h, await loginCookie(h, other, 'l-01', 'xiaoyingdian'), '/desk/care');
    expect(otherPage.status).toBe(200);
    expect(rows(otherPage.text)).toEqual([]);
  });

  it("the roster's 特殊户 column comes back in the Excel export, and an unknown word is refused on its cell", async () => {
    const res = await fetch(`${h.url}/api/v1/roster/template.xlsx?village=xiaoyingdian`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const hs = wb.getWorksheet('户')!;
    const header = (hs.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('特殊户');
    const addrCol = header.indexOf('地址');
    const byAddress = new Map<string, unknown>();
    hs.eachRow((row, n) => {
      if (n > 1) byAddress.set(String(row.getCell(addrCol).value), row.getCell(col).value);
    });
    expect(byAddress.get('三组1号')).toBe('独居老人');
    expect(byAddress.get('三组3号')).toBe('低保');
    expect(byAddress.get('三组2号') ?? null).toBeNull();
    // A word that names no reason: the dry run points at the cell.
    hs.eachRow((row, n) => {
      if (n > 1 && String(row.getCell(addrCol).value) === '三组2号') row.getCell(col).value = '困难';
    });
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const checked = await fetch(`${h.url}/api/v1/roster/xlsx?dryRun=true`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    });
    const report = (await checked.json()) as { valid: boolean; problems: { column: string; problem: string }[] };
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ column: '特殊户', problem: expect.stringContaining('看不懂特殊户“困难”') }),
    );
  });
});
