import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { bound, deskGet, loginCookie, otherVillages } from '../desk/desk-support.js';
import { adminApi, demoRoster, type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';

/**
 * Issue 20, findings 2 and 3, through the desk as a secretary uses it: the roster template downloaded,
 * edited in Excel, uploaded, checked and imported. Authority never comes from one's own upload, and the
 * check is no oracle of other villages' card codes.
 */

let h: Harness;
let secretary: TelegramUser;
let mediator: TelegramUser;
let cookie: string;

beforeAll(async () => {
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  secretary = await bound(h, 9100, '韩书记', '700001');
  mediator = await bound(h, 9101, '郭调解员', '700101');
  cookie = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const whoami = async (c = cookie) =>
  JSON.parse((await deskGet(h, c, '/desk/whoami', 'application/json')).text) as Record<string, unknown>;
const rolesOf = async (code: string) =>
  (
    (
      await h.database.executeSql(
        `select m.roles from members m join villages v on v.id = m.village_id where v.code = 'xiaoyingdian' and m.code = $1`,
        [code],
      )
    ).rows[0] as { roles: string[] }
  ).roles;
const villageRow = async () =>
  (await h.database.executeSql(`select town, county from villages where code = 'xiaoyingdian'`)).rows[0] as {
    town: string;
    county: string;
  };

async function template(): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${h.url}/desk/roster/template.xlsx`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb;
}

/** The cell of a row found by its first-column value, under a header of the sheet's first row. */
function cell(wb: ExcelJS.Workbook, sheet: string, key: string, header: string): ExcelJS.Cell {
  const ws = wb.getWorksheet(sheet)!;
  let col = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (String(c.value) === header) col = n;
  });
  let found: ExcelJS.Row | null = null;
  const keyCol = sheet === '户' ? 5 : 1;
  ws.eachRow((row) => {
    if (String(row.getCell(keyCol).value) === key) found = row;
  });
  if (!found || !col) throw new Error(`no ${key} / ${header} in ${sheet}`);
  return (found as ExcelJS.Row).getCell(col);
}
const setVillage = (wb: ExcelJS.Workbook, label: string, value: string) => {
  wb.getWorksheet('村')!.eachRow((row) => {
    if (String(row.getCell(1).value) === label) row.getCell(2).value = value;
  });
};

async function check(wb: ExcelJS.Workbook): Promise<{ status: number; text: string; token: string | null }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'roster.xlsx');
  const res = await fetch(`${h.url}/desk/roster/check`, { method: 'POST', headers: { cookie }, body: form });
  const text = await res.text();
  return { status: res.status, text, token: /name="token" value="([^"]+)"/.exec(text)?.[1] ?? null };
}
const importChecked = (token: string) =>
  fetch(`${h.url}/desk/roster/import`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
  });

describe("authority never comes from one's own upload", () => {
  it('a secretary imports their own village: households and village-level roles change, audited with before/after and told', async () => {
    const wb = await template();
    cell(wb, '户', 'h-0301', '地址').value = '三组1号（新门牌）';
    cell(wb, '成员', 'md-01', '角色').value = '调解员、组长';
    const checked = await check(wb);
    expect(checked.status, checked.text).toBe(200);
    const sinceM = mediator.inbox().length;
    const sinceS = secretary.inbox().length;
    const done = await importChecked(checked.token!);
    expect(done.status).toBe(200);
    expect(await rolesOf('md-01')).toEqual(['mediator', 'group_leader']);
    expect(
      (
        await h.database.executeSql(
          `select address from households where code = 'h-0301' and village_id = (select id from villages where code = 'xiaoyingdian')`,
        )
      ).rows[0],
    ).toEqual({ address: '三组1号（新门牌）' });

    const audit = await adminApi<{ items: { actor: string; target: string; details: Record<string, unknown> }[] }>(
      h,
      'GET',
      '/api/v1/audit?action=roster.roles',
    );
    expect(audit.body.items[0]).toMatchObject({
      actor: 's-01@xiaoyingdian',
      target: 'md-01@xiaoyingdian',
      details: { before: ['mediator'], after: ['mediator', 'group_leader'] },
    });
    await mediator.expect(
      /【花名册变更】小营店村的花名册改了您的角色：原来是“调解员”，现在是“调解员、互助组组长”（韩守义导入）/,
      sinceM,
    );
    const told = await secretary.expect(
      /【花名册变更】.*\n· 郭长顺(?:（[^）]*）)?：调解员 → 调解员、互助组组长/,
      sinceS,
    );
    // Named by name and group, never by roster code.
    expect(told.text).not.toMatch(/md-01|s-01/);
  });

  it('a secretary making themselves county staff of another county is refused row by row, nothing written, /desk/whoami unchanged', async () => {
    expect(await whoami()).toMatchObject({ kind: 'member', scope: { kind: 'village' } });
    const wb = await template();
    cell(wb, '成员', 's-01', '角色').value = '书记、县干部';
    setVillage(wb, '县', '另一县');
    const refused = await check(wb);
    expect(refused.status).toBe(422);
    expect(refused.token).toBeNull();
    expect(refused.text).toContain('“县干部”只能由管理员或上级（镇、县）设置或取消');
    expect(refused.text).toContain('本村所属的县只能由管理员修改');
    expect(await rolesOf('s-01')).toEqual(['secretary']);
    expect((await villageRow()).county).toBe('磁县');
    expect(await whoami()).toMatchObject({ kind: 'member', scope: { kind: 'village' } });
    // The other county's ledger stays closed to this session.
    expect((await deskGet(h, cookie, '/desk/ledger.csv?village=beiguan')).status).toBe(404);

    // Nor may a secretary take a town official out by leaving their row out.
    const left = await template();
    const ws = left.getWorksheet('成员')!;
    ws.eachRow((row, n) => {
      if (String(row.getCell(1).value) === 't-01') ws.spliceRows(n, 1);
    });
    const out = await check(left);
    expect(out.status).toBe(422);
    expect(out.text).toContain('成员 t-01（镇干部）不在文件里');
    expect(await rolesOf('t-01')).toEqual(['town_staff']);
  });

  it("the admin can give a county role: the member's desk scope widens, and the audit shows before/after", async () => {
    const roster = demoRoster();
    roster.members.find((m: { code: string }) => m.code === 's-01').roles = ['secretary', 'county_staff'];
    roster.members.find((m: { code: string }) => m.code === 'md-01').roles = ['mediator', 'group_leader'];
    roster.households.find((x: { code: string }) => x.code === 'h-0301').address = '三组1号（新门牌）';
    const since = secretary.inbox().length;
    expect((await adminApi(h, 'POST', '/api/v1/roster', roster)).status).toBe(200);
    expect(await whoami()).toMatchObject({ kind: 'member', scope: { kind: 'county', county: '磁县' } });
    const audit = await adminApi<{ items: { actor: string; target: string; details: Record<string, unknown> }[] }>(
      h,
      'GET',
      '/api/v1/audit?action=roster.roles',
    );
    expect(audit.body.items[0]).toMatchObject({
      actor: 'admin',
      target: 's-01@xiaoyingdian',
      details: { before: ['secretary'], after: ['secretary', 'county_staff'] },
    });
    await secretary.expect(/原来是“村党支部书记”，现在是“村党支部书记、县干部”（管理员导入）/, since);
    // Back as it was, for the tests that follow.
    roster.members.find((m: { code: string }) => m.code === 's-01').roles = ['secretary'];
    expect((await adminApi(h, 'POST', '/api/v1/roster', roster)).status).toBe(200);
    expect(await whoami()).toMatchObject({ scope: { kind: 'village' } });
    await settle(h);
  });
});

describe('codes are never an oracle', () => {
  const attempts = async () =>
    Number(
      (
        (await h.database.executeSql(`select count(*) as n from bind_attempts where platform = 'desk'`)).rows[0] as {
          n: unknown;
        }
      ).n,
    );

  it('the dry run answers "cannot be used" without naming another village, counts each such row as a wrong binding code, and then waits', async () => {
    const withCodes = async (codes: string[]) => {
      const wb = await template();
      ['h-0301', 'h-0302', 'h-0303'].slice(0, codes.length).forEach((h, i) => {
        cell(wb, '户', h, '绑定码').value = codes[i]!;
      });
      return check(wb);
    };
    // 810501 is 北关村's household, 820001 南庄村's secretary.
    const first = await withCodes(['810501', '820001']);
    expect(first.status).toBe(422);
    expect(first.text).toContain('绑定码 810501 不能使用');
    expect(first.text).toContain('绑定码 820001 不能使用');
    expect(first.text).not.toMatch(/别的村|另一个村|北关|南庄/);
    expect(await attempts()).toBe(2);

    const second = await withCodes(['820301', '820501']);
    expect(second.status).toBe(422);
    expect(second.text).toContain('绑定码 820301 不能使用');
    expect(await attempts()).toBe(4);

    // One left this hour, two asked: neither is shown, and checks wait.
    const third = await withCodes(['810001', '810301']);
    expect(third.status).toBe(429);
    expect(third.text).toContain('花名册检查暂停到');
    expect(third.text).not.toContain('810001');
    expect(third.text).not.toContain('810301');
    const clean = await check(await template());
    expect(clean.status).toBe(429);
    expect(await attempts()).toBe(5);
  });

  it("the admin's check is not throttled (the admin sees every village anyway)", async () => {
    const res = await fetch(`${h.url}/desk/login/admin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent('test-admin-token-0123456789')}`,
    });
    const admin = res.headers.get('set-cookie')!.split(';')[0]!;
    const tpl = await fetch(`${h.url}/desk/roster/template.xlsx?village=xiaoyingdian`, { headers: { cookie: admin } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await tpl.arrayBuffer()) as never);
    cell(wb, '户', 'h-0301', '绑定码').value = '810501';
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'roster.xlsx');
    const checked = await fetch(`${h.url}/desk/roster/check`, {
      method: 'POST',
      headers: { cookie: admin },
      body: form,
    });
    expect(checked.status).toBe(422);
    expect(await checked.text()).toContain('绑定码 810501 不能使用');
  });
});
