import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { adminApi, daytimeClock, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';
import { bound, cardOf, linkedGroupChat, pressInGroup } from './support.js';

interface ApiNotice {
  id: number;
  ref: string;
  category: string;
  queued: { rooms: number; residents: number };
  delivered: { rooms: number; residents: number };
  reads: number;
  householdsRead: number;
}

const clock = daytimeClock();
let h: Harness;
let secretary: TelegramUser;
const rooms = { g1: -7001, g2: -7002, g3: -7003, g4: -7004 } as const;
let r1: TelegramUser;
let r2: TelegramUser;
let r3: TelegramUser;
let r3b: TelegramUser;
let r4: TelegramUser;

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  secretary = await bound(h, 8000, '700001', '书记');
  for (const [group, chat] of Object.entries(rooms)) await linkedGroupChat(h, secretary, chat, group);
  r1 = await bound(h, 8101, cardOf('h-0101'));
  r2 = await bound(h, 8201, cardOf('h-0201'));
  r3 = await bound(h, 8301, cardOf('h-0301'));
  r3b = await bound(h, 8302, cardOf('h-0301'));
  r4 = await bound(h, 8401, cardOf('h-0401'));
  await settle(h);
});
afterAll(async () => {
  await h?.close();
});

const notice = (id: number) => adminApi<ApiNotice>(h, 'GET', `/api/v1/notices/${id}`);

describe('open village affairs notices (村务公开)', () => {
  it('reaches the linked group chats of three groups and their residents, and counts who read it', async () => {
    const seen = { g4: h.telegram.sentTo(rooms.g4).length, r4: r4.inbox().length };
    const posted = await adminApi<ApiNotice>(h, 'POST', '/api/v1/notices', {
      village: 'xiaoyingdian',
      title: '2026年11月村级财务收支公开',
      text: '本月收入：土地流转费 36,000 元；支出：道路维修 12,400 元、保洁 3,000 元。',
      groups: ['g1', 'g2', 'g3'],
      category: 'finance',
      toResidents: true,
    });
    expect(posted.status).toBe(200);
    const { id, ref } = posted.body;
    expect(posted.body).toMatchObject({ ref: `G${id}`, category: 'finance', queued: { rooms: 3, residents: 4 } });
    await settle(h);
    for (const chat of [rooms.g1, rooms.g2, rooms.g3]) {
      const got = h.telegram.sentTo(chat).find((m) => m.text.includes('【村务公开 · 财务】2026年11月村级财务收支公开'));
      expect(got?.buttons).toEqual([`nr:${id}`]);
    }
    for (const u of [r1, r2, r3, r3b])
      await u.expect(new RegExp(`【村务公开 · 财务】[\\s\\S]*道路维修 12,400 元[\\s\\S]*已读 ${ref}`));
    // Everything due was sent (settled): group 4 and its household were not among the notice's groups.
    expect(h.telegram.sentTo(rooms.g4).length).toBe(seen.g4);
    expect(r4.inbox().length).toBe(seen.r4);
    expect((await notice(id)).body).toMatchObject({ delivered: { rooms: 3, residents: 4 }, reads: 0 });

    // 已读 in a private chat, typed, and pressed in the group chat; pressing twice counts once.
    await r1.press(`nr:${id}`);
    await r1.expect(new RegExp(`公告 ${ref} 已读`));
    await r1.press(`nr:${id}`);
    await r2.say(`已读 ${ref}`);
    await r2.expect(new RegExp(`公告 ${ref} 已读`));
    await pressInGroup(r3, rooms.g3, `nr:${id}`);
    await r3.expect(new RegExp(`公告 ${ref} 已读`));
    await settle(h);
    // The thanks went privately: nothing was added to the group chat.
    expect(
      h.telegram.sentTo(rooms.g3).filter((m) => m.text.includes('已读') && !m.text.includes('村务公开')),
    ).toHaveLength(0);
    expect((await notice(id)).body).toMatchObject({ reads: 3, householdsRead: 3 });
    const listed = await adminApi<{ notices: ApiNotice[] }>(h, 'GET', '/api/v1/notices?village=xiaoyingdian');
    expect(listed.body.notices[0]).toMatchObject({ id, reads: 3, delivered: { rooms: 3, residents: 4 } });

    // Residents list recent notices and read one in full.
    const k = r4.inbox().length;
    await r4.say('公告');
    await r4.expect(new RegExp(`最近的公告：\\n${ref}【财务】2026年11月村级财务收支公开`), k);
    await r4.say(`公告 ${ref}`);
    await r4.expect(/土地流转费 36,000 元/, k);
    await r4.say('公告 G99999');
    await r4.expect(/没有找到公告 G99999/, k);
  });

  it('holds a notice written at night until 07:00, for group chats and residents alike', async () => {
    const tenAm = clock.offsetMs;
    clock.offsetMs = tenAm + 12 * 3600_000; // 22:00 village time
    const posted = await adminApi<ApiNotice>(h, 'POST', '/api/v1/notices', {
      village: 'xiaoyingdian',
      title: '明早停水通知',
      text: '明天8点到12点维修水管，请提前储水。',
      groups: ['g1'],
      category: 'affairs',
      toResidents: true,
    });
    expect(posted.body.queued).toEqual({ rooms: 1, residents: 1 });
    await h.app.linli.outbox.runOnce();
    await settle(h);
    const held = (await outboxRows(h.database.db)).filter((r) => r.text.includes('明早停水通知'));
    expect(held).toHaveLength(2);
    expect(held.every((r) => r.sentAt === null && r.nextAttemptAt.getTime() > clock.now().getTime())).toBe(true);
    expect((await notice(posted.body.id)).body.delivered).toEqual({ rooms: 0, residents: 0 });
    clock.offsetMs = tenAm + 21 * 3600_000 + 60_000; // 07:01 the next morning
    h.app.linli.outbox.wake();
    await r1.expect(/明早停水通知/);
    await settle(h);
    expect((await notice(posted.body.id)).body.delivered).toEqual({ rooms: 1, residents: 1 });
    clock.offsetMs = tenAm;
  });

  it('answers bad input with 400 naming the field, an unknown notice with 404', async () => {
    const base = { village: 'xiaoyingdian', title: '通知', text: '内容', category: 'affairs' };
    const post = async (body: unknown) => {
      const r = await adminApi<{ error: { code: string; fields?: { field: string }[] } }>(
        h,
        'POST',
        '/api/v1/notices',
        body,
      );
      return { status: r.status, code: r.body.error.code, fields: (r.body.error.fields ?? []).map((f) => f.field) };
    };
    expect(await post({ ...base, groups: ['g1', 'g99'] })).toMatchObject({ status: 400, fields: ['groups.1'] });
    expect(await post({ ...base, category: 'gossip' })).toMatchObject({ status: 400, fields: ['category'] });
    expect(await post({ ...base, title: '' })).toMatchObject({ status: 400, fields: ['title'] });
    expect(await post({ ...base, village: 'nowhere' })).toMatchObject({ status: 404, code: 'village.not_found' });
    expect((await adminApi(h, 'GET', '/api/v1/notices/99999')).status).toBe(404);
    expect((await adminApi(h, 'GET', '/api/v1/notices/abc')).status).toBe(400);
    expect((await fetch(`${h.url}/api/v1/notices/1`)).status).toBe(401);
  });
});
