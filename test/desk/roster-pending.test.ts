import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { ADMIN_TOKEN, type Harness, startHarness } from '../support/harness.js';
import { bound, loginCookie, otherVillages } from './desk-support.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let h: Harness;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  cookies.xiaoyingdian = await loginCookie(h, await bound(h, 7100, '韩书记', '700001'), 's-01', 'xiaoyingdian');
  cookies.beiguan = await loginCookie(h, await bound(h, 7200, '刘书记', '810001'), 's-01', 'beiguan');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function templateOf(cookie: string): Promise<Buffer> {
  const res = await fetch(`${h.url}/desk/roster/template.xlsx`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function check(cookie: string, bytes: Buffer): Promise<{ status: number; html: string; token: string | null }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'roster.xlsx');
  const res = await fetch(`${h.url}/desk/roster/check`, { method: 'POST', headers: { cookie }, body: form });
  const html = await res.text();
  return { status: res.status, html, token: /name="token" value="([^"]+)"/.exec(html)?.[1] ?? null };
}

async function importWith(cookie: string, token: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${h.url}/desk/roster/import`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

/** A roster workbook whose 户 sheet has `rows` households. */
async function longRoster(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const vs = wb.addWorksheet('村');
  vs.addRow(['项目', '内容']);
  vs.addRow(['村编号', 'xiaoyingdian']);
  vs.addRow(['村名', '小营店村']);
  const hs = wb.addWorksheet('户');
  hs.addRow(['组编号', '组名', '组长', '副组长', '户编号', '户主', '地址', '绑定码', '特殊情况']);
  for (let i = 1; i <= rows; i++)
    hs.addRow(['g1', i === 1 ? '一组' : null, null, null, `h-${i}`, '住户', null, null, null]);
  wb.addWorksheet('成员').addRow(['成员编号', '姓名', '角色', '绑定码', '外出']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('a checked roster waits for its import', () => {
  it("each secretary's check is kept for their own village, however many checks another village makes", async () => {
    const mine = await check(cookies.xiaoyingdian!, await templateOf(cookies.xiaoyingdian!));
    expect(mine.status).toBe(200);
    expect(mine.token).not.toBeNull();

    // The other village's secretary checks ten times (more than the old shared list held).
    const theirs = await templateOf(cookies.beiguan!);
    let last: string | null = null;
    for (let i = 0; i < 10; i++) {
      const c = await check(cookies.beiguan!, theirs);
      expect(c.status).toBe(200);
      last = c.token;
    }

    const a = await importWith(cookies.xiaoyingdian!, mine.token!);
    expect(a.status).toBe(200);
    expect(a.html).toContain('花名册已导入');
    const b = await importWith(cookies.beiguan!, last!);
    expect(b.status).toBe(200);
    expect(b.html).toContain('花名册已导入');
    // A token is used once, and only by the session that checked it.
    expect((await importWith(cookies.xiaoyingdian!, mine.token!)).status).toBe(410);
  });
});

describe('a roster longer than any village', () => {
  let long: Buffer;
  beforeAll(async () => {
    long = await longRoster(30_000);
  }, 120_000);

  it('is refused at the first row over the limit, on the desk and through the API', async () => {
    const desk = await check(cookies.xiaoyingdian!, long);
    expect(desk.status).toBe(422);
    expect(desk.html).toContain('行数太多了：一张表最多 20000 行');
    expect(desk.token).toBeNull();

    const res = await fetch(`${h.url}/api/v1/roster/xlsx?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': XLSX },
      body: new Uint8Array(long),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { valid: boolean; problems: { row: number; problem: string }[] };
    expect(body.valid).toBe(false);
    // It names the row where reading stopped and the limit, not how many rows the file has.
    expect(body.problems).toEqual([
      expect.objectContaining({ row: 20_001, problem: expect.stringContaining('20000') }),
    ]);
    expect(JSON.stringify(body)).not.toContain('30001');
  });
});
