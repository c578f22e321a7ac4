import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageByCode } from '../../src/data/people.repository.js';
import { updateVillageSettings } from '../../src/data/roster.repository.js';
import { atLocal } from '../../src/domain/local-time.js';
import {
  adminApi,
  demoRoster,
  type Harness,
  manualClock,
  settle,
  startHarness,
  TelegramUser,
} from '../support/harness.js';

const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(12, 1, 10));
let h: Harness;
let resident: TelegramUser;

async function tickAt(d: Date) {
  clock.set(d);
  await h.app.linli.tick(d);
  h.app.linli.outbox.wake();
  await settle(h);
}

beforeAll(async () => {
  h = await startHarness({ clock });
  resident = new TelegramUser(h, 8501, '住户');
  await resident.say('/start 483920');
  await resident.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

describe('village settings in the roster', () => {
  it('imports sayThingsPlace, reminderDaysBefore and reminderHour, and the reminder names the place at that hour', async () => {
    const roster = demoRoster();
    Object.assign(roster.village, {
      sayThingsPlace: '村委会二楼会议室',
      reminderDaysBefore: 2,
      reminderHour: 9,
      quietFrom: 22,
      quietUntil: 6,
    });
    expect((await adminApi(h, 'POST', '/api/v1/roster', roster)).status).toBe(200);
    const v = (await villageByCode(h.database.db, 'xiaoyingdian'))!;
    expect(v).toMatchObject({
      sayThingsPlace: '村委会二楼会议室',
      reminderDaysBefore: 2,
      reminderHour: 9,
      quietFrom: 22,
      quietUntil: 6,
    });

    const r0 = resident.inbox().length;
    await tickAt(at(12, 8, 8, 59));
    expect(
      resident
        .inbox()
        .slice(r0)
        .some((m) => m.text.includes('支部说事日')),
    ).toBe(false);
    await tickAt(at(12, 8, 9, 0));
    const reminder = await resident.expect(/2 天后（12月10日）是本村支部说事日/, r0);
    expect(reminder.text).toContain('地点：村委会二楼会议室');
    const st = await adminApi<any>(h, 'GET', '/api/v1/villages/xiaoyingdian/say-things');
    expect(st.body.next.place).toBe('村委会二楼会议室');
  });

  it('keeps settings a later file leaves out, and clears the place on null', async () => {
    const roster = demoRoster();
    expect((await adminApi(h, 'POST', '/api/v1/roster', roster)).status).toBe(200);
    expect(await villageByCode(h.database.db, 'xiaoyingdian')).toMatchObject({
      sayThingsPlace: '村委会二楼会议室',
      reminderHour: 9,
    });
    roster.village.sayThingsPlace = null;
    expect((await adminApi(h, 'POST', '/api/v1/roster', roster)).status).toBe(200);
    expect((await villageByCode(h.database.db, 'xiaoyingdian'))!.sayThingsPlace).toBeNull();
  });

  it('refuses bad settings naming the field, and changes nothing', async () => {
    const roster = demoRoster();
    roster.village.reminderHour = 25;
    const res = await adminApi<any>(h, 'POST', '/api/v1/roster', roster);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('village.reminderHour');
    expect((await villageByCode(h.database.db, 'xiaoyingdian'))!.reminderHour).toBe(9);
  });

  it('lets the desk change them (updateVillageSettings), the coming session moving to the new place', async () => {
    const row = await updateVillageSettings(h.database.db, 'xiaoyingdian', {
      sayThingsPlace: '村文化广场',
      reminderDaysBefore: 1,
    });
    expect(row).toMatchObject({ sayThingsPlace: '村文化广场', reminderDaysBefore: 1, reminderHour: 9 });
    expect((await adminApi<any>(h, 'GET', '/api/v1/villages/xiaoyingdian/say-things')).body.next.place).toBe(
      '村文化广场',
    );
    expect(await updateVillageSettings(h.database.db, 'nowhere', { reminderHour: 8 })).toBeNull();
  });

  it("holds residents' news through the village's own quiet hours, not the default ones", async () => {
    const roster = demoRoster();
    Object.assign(roster.village, { quietFrom: 22, quietUntil: 6 });
    expect((await adminApi(h, 'POST', '/api/v1/roster', roster)).status).toBe(200);
    const leader = new TelegramUser(h, 8502, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
    // 21:30: past the default 21:00, but before this village's 22:00.
    clock.set(at(12, 20, 21, 30));
    const r0 = resident.inbox().length;
    await resident.say('俺家的自来水管子冻裂了');
    const ref = Number(/#(\d+)/.exec((await resident.expect(/已收到，编号 #\d+/, r0)).text)![1]);
    await leader.say(`接单 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);
    // 22:30: quiet here; the note waits for 06:00, not for 07:00.
    clock.set(at(12, 20, 22, 30));
    await leader.say(`备注 #${ref} 明早带管子来`);
    await settle(h);
    expect(
      resident
        .inbox()
        .slice(r0)
        .some((m) => m.text.includes('明早带管子来')),
    ).toBe(false);
    await tickAt(at(12, 21, 5, 59));
    expect(
      resident
        .inbox()
        .slice(r0)
        .some((m) => m.text.includes('明早带管子来')),
    ).toBe(false);
    await tickAt(at(12, 21, 6, 0));
    await resident.expect(/明早带管子来/, r0);
  });
});
