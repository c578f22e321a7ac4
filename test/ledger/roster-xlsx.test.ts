import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageByCode } from '../../src/data/people.repository.js';
import { villageCards } from '../../src/data/roster.repository.js';
import { ADMIN_TOKEN, demoRoster, type Harness, startHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const roleWord: Record<string, string> = {
  group_leader: '组长',
  secretary: '书记',
  mediator: '调解员',
  town_staff: '镇干部',
};

async function template(): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${h.url}/api/v1/roster/template.xlsx`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb;
}

/** The demo roster written into the template the way a secretary fills it: a group's name and leaders on its first row only. */
async function filled(
  change: (r: any) => void = () => {},
  village: Record<string, string | number> = {},
): Promise<{ wb: ExcelJS.Workbook; roster: any }> {
  const wb = await template();
  const r = demoRoster();
  change(r);
  const vs = wb.getWorksheet('村')!;
  const values: Record<string, string | number | null> = {
    村编号: r.village.code,
    村名: r.village.name,
    镇: r.village.town,
    县: r.village.county,
    说事日: r.village.sayThingsDay,
    ...village,
  };
  vs.eachRow((row) => {
    const label = String(row.getCell(1).value);
    if (label in values) row.getCell(2).value = values[label]!;
  });
  const hs = wb.getWorksheet('户')!;
  const seen = new Set<string>();
  for (const hh of r.households) {
    const g = r.groups.find((x: any) => x.code === hh.group);
    const first = g && !seen.has(g.code);
    if (g) seen.add(g.code);
    hs.addRow([
      hh.group,
      first ? g.name : null,
      first ? g.leader : null,
      first ? g.deputy : null,
      hh.code,
      hh.head,
      hh.address,
      hh.bindCode,
      null,
    ]);
  }
  const ms = wb.getWorksheet('成员')!;
  for (const m of r.members)
    ms.addRow([
      m.code,
      m.name,
      m.roles.map((x: string) => roleWord[x] ?? x).join('、'),
      m.bindCode,
      m.away ? '是' : '否',
    ]);
  return { wb, roster: r };
}

async function upload(wb: ExcelJS.Workbook | Buffer, dryRun: boolean) {
  const body = Buffer.isBuffer(wb) ? wb : Buffer.from(await wb.xlsx.writeBuffer());
  const res = await fetch(`${h.url}/api/v1/roster/xlsx${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': XLSX },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const addressOf = async (code: string) =>
  (await villageCards(h.database.db, 'xiaoyingdian'))!.cards.find((c) => c.code === code)?.address;

describe('Excel roster', () => {
  it('offers a template with Chinese headers on a households, a members and a village sheet', async () => {
    const wb = await template();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写说明', '村', '户', '成员']);
    const header = (name: string) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    expect(header('户')).toEqual([
      '组编号',
      '组名',
      '组长编号',
      '副组长编号',
      '户编号',
      '户主',
      '地址',
      '绑定码',
      '特殊户',
    ]);
    expect(header('成员')).toEqual(['成员编号', '姓名', '角色', '绑定码', '暂不在村']);
    const items: string[] = [];
    wb.getWorksheet('村')!.eachRow((row, n) => {
      if (n > 1) items.push(String(row.getCell(1).value));
    });
    expect(items).toEqual(
      expect.arrayContaining(['村编号', '村名', '说事日', '说事地点', '提前几天提醒', '提醒时间（点）', '时区']),
    );
  });

  it('checks a good file without writing anything, then imports it through the roster import', async () => {
    const { wb } = await filled(
      (r) => {
        r.households[0].address = '一组1号（Excel 新址）';
      },
      { 说事地点: '村委会二楼会议室', '提醒时间（点）': 9 },
    );
    const dry = await upload(wb, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      valid: true,
      dryRun: true,
      problems: [],
      summary: { village: 'xiaoyingdian', households: 392, members: 21, groups: 8 },
    });
    expect(await addressOf('h-0101')).toBe('一组1号');
    expect((await villageByCode(h.database.db, 'xiaoyingdian'))!.sayThingsPlace).toBeNull();

    const done = await upload(wb, false);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      valid: true,
      dryRun: false,
      summary: { households: 392, changed: 0, deactivated: 0 },
    });
    expect(await addressOf('h-0101')).toBe('一组1号（Excel 新址）');
    expect(await villageByCode(h.database.db, 'xiaoyingdian')).toMatchObject({
      sayThingsPlace: '村委会二楼会议室',
      reminderHour: 9,
    });
  });

  it('reports each bad row by sheet, row and column in Chinese, and writes nothing', async () => {
    const { wb } = await filled((r) => {
      r.households[3].group = 'g99';
      r.households[5].head = '';
      r.households[7].code = r.households[6].code;
      r.households[9].address = '一组10号（不该写入）';
      r.members[2].roles = ['mediator', 'boss'];
    });
    // Row numbers as Excel shows them: the header is row 1, household i is row i + 2.
    wb.getWorksheet('户')!.getRow(12).getCell(8).value = 'AB';
    const dry = await upload(wb, true);
    expect(dry.status).toBe(200);
    expect(dry.body.valid).toBe(false);
    expect(dry.body.summary).toBeNull();
    expect(dry.body.problems).toEqual(
      expect.arrayContaining([
        { sheet: '户', row: 5, column: '组名', problem: '组 g99 第一次出现，请在这一行填写组名（组编号写错了吗？）' },
        { sheet: '户', row: 7, column: '户主', problem: '必须填写' },
        { sheet: '成员', row: 4, column: '角色', problem: expect.stringContaining('看不懂角色“boss”') },
      ]),
    );
    // The first pass stops at cell problems; fixed, the schema's problems are on their cells too.
    const second = await filled((r) => {
      r.groups[1].leader = 'l-99';
      r.households[7].code = r.households[6].code;
      r.households[9].address = '一组10号（不该写入）';
    });
    second.wb.getWorksheet('户')!.getRow(12).getCell(8).value = 'AB';
    const r2FirstRow = 2 + demoRoster().households.findIndex((x: any) => x.group === 'g2');
    const report = await upload(second.wb, true);
    expect(report.body.valid).toBe(false);
    expect(report.body.problems).toEqual(
      expect.arrayContaining([
        { sheet: '户', row: r2FirstRow, column: '组长编号', problem: '成员表里没有编号 l-99' },
        { sheet: '户', row: 9, column: '户编号', problem: `编号 ${demoRoster().households[6].code} 重复了` },
        { sheet: '户', row: 12, column: '绑定码', problem: '绑定码应为 4–16 位字母或数字' },
      ]),
    );
    const refused = await upload(second.wb, false);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('roster.invalid');
    expect(refused.body.error.problems).toEqual(report.body.problems);
    expect(await addressOf('h-0110')).toBe('一组10号');
  });

  it('names problems the import finds (a card code of another village, never said to be one) on their cell', async () => {
    const other = demoRoster();
    other.village = { code: 'dongcun', name: '东村', town: '磁州镇', county: '磁县' };
    other.members = [{ code: 's-09', name: '东村书记', roles: ['secretary'], bindCode: 'DONG0001' }];
    other.groups = [{ code: 'g1', name: '一组', leader: null, deputy: null }];
    other.households = [{ code: 'h-1', group: 'g1', head: '东村户', address: null, bindCode: 'DONG1001' }];
    const res = await fetch(`${h.url}/api/v1/roster`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(other),
    });
    expect(res.status).toBe(200);
    const { wb } = await filled((r) => {
      r.households[1].bindCode = 'DONG1001';
    });
    const report = await upload(wb, true);
    expect(report.body.problems).toEqual([
      { sheet: '户', row: 3, column: '绑定码', problem: '绑定码 DONG1001 不能使用，请换一个（或留空，由系统生成）' },
    ]);
  });

  it('offers the stored roster filled in: downloaded, edited in one cell and uploaded, only that changes', async () => {
    const res = await fetch(`${h.url}/api/v1/roster/template.xlsx?village=xiaoyingdian`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const hs = wb.getWorksheet('户')!;
    expect(hs.rowCount).toBe(1 + 392);
    expect(wb.getWorksheet('成员')!.rowCount).toBe(1 + 21);
    const row = hs.getRows(2, 391)!.find((r) => r.getCell(5).value === 'h-0205')!;
    row.getCell(7).value = '二组5号（改过）';
    const dry = await upload(wb, true);
    expect(dry.body).toMatchObject({
      valid: true,
      summary: { households: 392, members: 21, changed: 0, deactivated: 0, generated: 0 },
    });
    expect((await upload(wb, false)).status).toBe(200);
    expect(await addressOf('h-0205')).toBe('二组5号（改过）');
    expect(await addressOf('h-0204')).toBe('二组4号');
    expect(
      (
        await fetch(`${h.url}/api/v1/roster/template.xlsx?village=nowhere`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).status,
    ).toBe(404);
  });

  it('carries the say-things time: written in the 村 sheet, imported, offered back in the filled template, cleared when emptied', async () => {
    const { wb } = await filled(() => {}, { 说事时间: '14:30' });
    expect((await upload(wb, false)).status).toBe(200);
    expect((await villageByCode(h.database.db, 'xiaoyingdian'))!.sayThingsTime).toBe('14:30');

    const res = await fetch(`${h.url}/api/v1/roster/template.xlsx?village=xiaoyingdian`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const timeRow = () =>
      back
        .getWorksheet('村')!
        .getRows(2, 20)!
        .find((r) => r.getCell(1).value === '说事时间')!;
    expect(timeRow().getCell(2).value).toBe('14:30');

    // A secretary's Excel turns "9:00" into a time of day: read back as 9:00.
    timeRow().getCell(2).value = new Date(Date.UTC(1899, 11, 30, 9, 0));
    expect((await upload(back, false)).status).toBe(200);
    expect((await villageByCode(h.database.db, 'xiaoyingdian'))!.sayThingsTime).toBe('9:00');

    timeRow().getCell(2).value = '25:00';
    const wrong = await upload(back, true);
    expect(wrong.body.problems).toEqual([
      expect.objectContaining({ sheet: '村', row: timeRow().number, column: '填写' }),
    ]);

    timeRow().getCell(2).value = null;
    expect((await upload(back, false)).status).toBe(200);
    expect((await villageByCode(h.database.db, 'xiaoyingdian'))!.sayThingsTime).toBeNull();
  });

  it('refuses what is not a workbook, and a missing sheet or column, in words', async () => {
    const junk = await upload(Buffer.from('组编号,户编号\ng1,h-1\n'), true);
    expect(junk.body.problems[0].problem).toContain('不是 Excel 文件');
    const wb = await template();
    wb.removeWorksheet(wb.getWorksheet('成员')!.id);
    expect((await upload(wb, true)).body.problems).toEqual([
      { sheet: '成员', row: 0, column: '', problem: '缺少“成员”表' },
    ]);
    const noHead = await template();
    noHead.getWorksheet('户')!.getRow(1).getCell(6).value = '家长';
    const missing = await upload(noHead, true);
    expect(missing.body.problems).toEqual(
      expect.arrayContaining([{ sheet: '户', row: 1, column: '户主', problem: '缺少“户主”这一列' }]),
    );
    const json = await fetch(`${h.url}/api/v1/roster/xlsx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect((await fetch(`${h.url}/api/v1/roster/template.xlsx`)).status).toBe(401);
  });
});
