import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupByCode, villageByCode } from '../../src/data/people.repository.js';
import { localStamp } from '../../src/domain/ledger.js';
import { atLocal } from '../../src/domain/local-time.js';
import { exportLedger } from '../../src/ledger/ledger.export.js';
import {
  ADMIN_TOKEN,
  type ApiRequest,
  type Harness,
  manualClock,
  startHarness,
  type TelegramUser,
} from '../support/harness.js';
import { TestVillage } from '../support/test-data.js';

const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(11, 2, 8));
let h: Harness;
let v: TestVillage;
const refs: Record<string, number> = {};
// Residents' words as they come: commas (both widths), quotes, a line break, emoji, a phone number.
const tricky = '俺家壁挂炉坏了, 不出热水，"昨天"修过一次\n还是不行 😭🔥 电话13812345678';
const result = '换了点火器, 说"好了"\n已试机 👍';

async function get(path: string) {
  return fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
}
async function json(path: string) {
  const res = await get(path);
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  h = await startHarness({ clock });
  v = new TestVillage(h, clock, 8100);
  const p3: TelegramUser = await v.bind('483920', at(11, 2, 8, 1), 'p3'); // h-0301, group g3
  const p1: TelegramUser = await v.bind('607949', at(11, 2, 8, 2), 'p1'); // h-0101, group g1
  const l03 = await v.bind('700303', at(11, 2, 8, 3), '吴永红');
  refs.done = await v.report(p3, tricky, at(11, 2, 9), { kind: 'repair', assignee: 'l-03' });
  await v.accept(l03, refs.done, at(11, 2, 9, 30));
  await v.resolve(l03, refs.done, at(11, 3, 10), result);
  await v.rate(p3, refs.done, 1, at(11, 3, 11));
  refs.open = await v.report(p1, '村口的路灯不亮了，晚上黑', at(11, 4, 9), { kind: 'repair', assignee: 'l-01' });
  refs.g3open = await v.report(p3, '俺家院里的水管漏水了', at(11, 5, 9), { kind: 'repair', assignee: 'l-03' });
  await v.accept(l03, refs.g3open, at(11, 5, 9, 10));
  refs.december = await v.report(p3, '俺家厨房水龙头坏了关不上', at(12, 1, 9), { kind: 'repair', assignee: 'l-03' });
  clock.set(at(12, 20, 10));
});
afterAll(async () => {
  await h?.close();
});

/** The CSV read back by a real CSV reader (exceljs's, over fast-csv), not by the code that wrote it. */
async function readCsv(text: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const ws = await wb.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), {
    parserOptions: { quote: '"' },
  } as never);
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    rows.push(
      Array.from({ length: ws.columnCount }, (_, i) => {
        const c = row.getCell(i + 1).value;
        return c === null || c === undefined ? '' : String(c);
      }),
    );
  });
  return rows;
}

const tz = 'Asia/Shanghai';
const stamp = (iso: string | null | undefined) => (iso ? localStamp(new Date(iso), tz) : '');

describe('ledger (台账) exports', () => {
  it("GET /api/v1/requests.csv: a BOM, Chinese headers, one row per request of the month, residents' words intact", async () => {
    const res = await get('/api/v1/requests.csv?village=xiaoyingdian&month=2026-11');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('小营店村-台账-2026-11.csv')}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    const [header, ...rows] = await readCsv(text);
    expect(header!.slice(0, 4)).toEqual(['编号', '类别', '状态', '紧急']);
    for (const c of [
      '编号',
      '类别',
      '状态',
      '紧急',
      '摘要',
      '户编号',
      '户主',
      '组',
      '负责人',
      '提交时间',
      '接单时间',
      '办结时间',
      '评价',
    ])
      expect(header).toContain(c);
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    // November only: the December request is left out; oldest first.
    expect(rows.map((r) => r[0])).toEqual([`#${refs.done}`, `#${refs.open}`, `#${refs.g3open}`]);

    for (const row of rows) {
      const ref = Number(row[0]!.slice(1));
      const db: ApiRequest = await v.request(ref);
      expect(col(row, '类别')).toBe('报修');
      expect(col(row, '户编号')).toBe(db.household);
      expect(col(row, '负责人')).toBe(db.assignee?.name ?? '');
      expect(col(row, '提交时间')).toBe(stamp(db.createdAt));
      const accepted = db.events.find((e) => e.type === 'accepted')?.at;
      expect(col(row, '接单时间')).toBe(stamp(accepted));
      expect(col(row, '办结时间')).toBe(stamp(db.events.find((e) => e.type === 'resolved')?.at));
    }
    const done = rows[0]!;
    // The words survive the commas, quotes, line break and emoji; the phone number is masked as in every copy.
    expect(col(done, '原话')).toBe(tricky.replace('13812345678', '138****5678'));
    expect(col(done, '办理结果')).toBe(result);
    expect(col(done, '状态')).toBe('已完结');
    expect(col(done, '评价')).toBe('满意');
    expect(col(done, '组')).toBe('第三互助组');
    expect(col(done, '提交时间')).toBe('2026-11-02 09:00');
    expect(col(done, '接单时间')).toBe('2026-11-02 09:30');
    expect(col(done, '办结时间')).toBe('2026-11-03 10:00');
    expect(col(rows[1]!, '组')).toBe('第一互助组');
    // Still open on 20 December: the accepted one is past its 7-day resolve deadline, the other past its accept deadline.
    expect(col(rows[1]!, '超时')).toBe('是');
    expect(col(rows[2]!, '超时')).toBe('是');
    expect(col(done, '超时')).toBe('否');
  });

  it('GET /api/v1/ledger.xlsx: the same rows on the first sheet, every ledger event on the timeline sheet', async () => {
    const res = await get('/api/v1/ledger.xlsx?village=xiaoyingdian&from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['诉求台账', '办理过程']);
    const values = (ws: ExcelJS.Worksheet) => {
      const out: string[][] = [];
      ws.eachRow((row) => {
        out.push(Array.from({ length: ws.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? '')));
      });
      return out;
    };
    const csv = await readCsv(await (await get('/api/v1/requests.csv?village=xiaoyingdian&month=2026-11')).text());
    expect(values(wb.worksheets[0]!)).toEqual(csv);

    const [theader, ...timeline] = values(wb.worksheets[1]!);
    expect(theader).toEqual(['编号', '时间', '事项', '经办人', '内容']);
    for (const ref of [refs.done, refs.open, refs.g3open]) {
      const db = await v.request(ref!);
      const mine = timeline.filter((r) => r[0] === `#${ref}`);
      expect(mine.map((r) => r[1])).toEqual(db.events.map((e) => stamp(e.at)));
      expect(mine.length).toBe(db.events.length);
    }
    const done = timeline.filter((r) => r[0] === `#${refs.done}`);
    expect(done.map((r) => r[2])).toEqual(['提交', '派单', '接单', '办结', '评价', '完结']);
    expect(done.find((r) => r[2] === '办结')![4]).toBe(result);
    expect(done.find((r) => r[2] === '接单')![3]).toBe('吴永红');
    expect(done.find((r) => r[2] === '评价')![4]).toBe('满意');
  });

  it('defaults to the current month in the village, and refuses bad periods and unknown villages with the field named', async () => {
    const december = await readCsv(await (await get('/api/v1/requests.csv?village=xiaoyingdian')).text());
    expect(december.slice(1).map((r) => r[0])).toEqual([`#${refs.december}`]);
    const bad = await json('/api/v1/requests.csv?village=xiaoyingdian&month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('month');
    const both = await json('/api/v1/ledger.xlsx?village=xiaoyingdian&month=2026-11&from=2026-11-01');
    expect(both.status).toBe(400);
    const badTo = await json('/api/v1/requests.csv?village=xiaoyingdian&from=2026-11-10&to=2026-11-01');
    expect(badTo.body.error.message).toContain('to');
    expect((await json('/api/v1/requests.csv?village=nowhere')).status).toBe(404);
    expect((await fetch(`${h.url}/api/v1/requests.csv?village=xiaoyingdian`)).status).toBe(401);
  });

  it("masks a phone or ID number typed into any field, not only the resident's words: the address and the head too", async () => {
    await h.database.executeSql(
      `update households set address = '三组1号 电话 13912345678', head = '刘大爷 130427199001011234' where code = 'h-0301'`,
    );
    const csv = await (await get('/api/v1/requests.csv?village=xiaoyingdian&month=2026-11')).text();
    const [header, ...rows] = await readCsv(csv);
    const done = rows.find((r) => r[0] === `#${refs.done}`)!;
    expect(done[header!.indexOf('地址')]).toBe('三组1号 电话 139****5678');
    expect(done[header!.indexOf('户主')]).toBe('刘大爷 130427********1234');
    expect(csv).not.toContain('13912345678');
    expect(csv).not.toContain('130427199001011234');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(await (await get('/api/v1/ledger.xlsx?village=xiaoyingdian&month=2026-11')).arrayBuffer()) as never,
    );
    const cells: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          cells.push(String(c.value));
        }),
      ),
    );
    expect(cells).toContain('三组1号 电话 139****5678');
    expect(cells.some((c) => c.includes('13912345678') || c.includes('199001011234'))).toBe(false);
  });

  it('exports only what the scope sees: a group leader gets their group, another village gets a 404', async () => {
    const village = (await villageByCode(h.database.db, 'xiaoyingdian'))!;
    const g3 = (await json('/api/v1/requests?village=xiaoyingdian&group=g3&pageSize=1')).body.items[0].group;
    expect(g3).toEqual({ code: 'g3', name: '第三互助组' });
    const groupIds = [(await groupByCode(h.database.db, village.id, 'g3'))!.id];
    const mine = await exportLedger(
      h.database.db,
      { kind: 'groups', villageId: village.id, groupIds },
      { village: 'xiaoyingdian', month: '2026-11' },
      'csv',
      clock.now(),
    );
    const rows = (await readCsv(mine.body as string)).slice(1);
    expect(rows.map((r) => r[0])).toEqual([`#${refs.done}`, `#${refs.g3open}`]);
    await expect(
      exportLedger(
        h.database.db,
        { kind: 'village', villageId: village.id + 999 },
        { village: 'xiaoyingdian' },
        'xlsx',
        clock.now(),
      ),
    ).rejects.toMatchObject({ code: 'village.not_found' });
    await expect(
      exportLedger(h.database.db, { kind: 'town', town: '别的镇' }, { village: 'xiaoyingdian' }, 'csv', clock.now()),
    ).rejects.toMatchObject({ code: 'village.not_found' });
    // The only village a scope sees needs no name.
    const only = await exportLedger(
      h.database.db,
      { kind: 'village', villageId: village.id },
      { month: '2026-11' },
      'csv',
      clock.now(),
    );
    expect(only.rows).toBe(3);
  });
});
