import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, cardOf, deliberation, householdsOf } from './support.js';

let h: Harness;
const households = householdsOf('g1').slice(0, 40);
let voters: TelegramUser[];
/** A second account of the first household. */
let twin: TelegramUser;

const closesAt = () => new Date(h.clock.now().getTime() + 86_400_000).toISOString();

async function prepared(body: Record<string, unknown> = {}): Promise<number> {
  const created = await adminApi<{ id: number; status: string }>(h, 'POST', '/api/v1/deliberations', {
    village: 'xiaoyingdian',
    title: '村西小桥加装护栏',
    text: '村西小桥没有护栏，夜里危险。拟加装不锈钢护栏，费用一万二千元。',
    electorate: 'households',
    closesAt: closesAt(),
    ...body,
  });
  expect(created.status).toBe(200);
  const id = created.body.id;
  expect((await adminApi(h, 'POST', `/api/v1/deliberations/${id}/consult`, { notes: '两委同意' })).status).toBe(200);
  expect(
    (
      await adminApi(h, 'POST', `/api/v1/deliberations/${id}/review`, {
        notes: '党员大会通过',
        details: { expected: 30, present: 26 },
      })
    ).status,
  ).toBe(200);
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  voters = await Promise.all(households.map((code, i) => bound(h, 6100 + i, cardOf(code))));
  twin = await bound(h, 6099, cardOf(households[0]!));
  await settle(h);
});
afterAll(async () => {
  await h?.close();
});

describe('vote integrity', () => {
  it('counts each household once when many vote at the same moment, and a void vote decides nothing', async () => {
    const id = await prepared();
    const open = await adminApi<{ status: string; sent: { accounts: number; households: number } }>(
      h,
      'POST',
      `/api/v1/deliberations/${id}/open`,
    );
    expect(open.body).toMatchObject({ status: 'voting', sent: { accounts: 41, households: 40 } });
    await settle(h);

    // Everyone at once; the first household's two accounts race each other, and one update arrives twice.
    const updates = voters.map((u, i) => u.messageUpdate(`投票 D${id} ${i % 4 === 3 ? '反对' : '同意'}`));
    const posts = [
      ...voters.map((u, i) => u.sendUpdate(updates[i]!)),
      twin.sendUpdate(twin.messageUpdate(`投票 D${id} 弃权`)),
      voters[1]!.sendUpdate(updates[1]!),
    ];
    const statuses = (await Promise.all(posts)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await settle(h);

    const view = await deliberation(h, id);
    expect(view.voted).toBe(40);
    expect(Object.values(view.tally).reduce((a, b) => a + b, 0)).toBe(40);
    // Every fourth household said 反对 (10 of them); the first household's two accounts said 同意 and 弃权 at
    // once, and its standing vote is whichever came last: one of the two, never both.
    expect(view.tally.反对).toBe(10);
    expect(view.tally.同意! + view.tally.弃权!).toBe(30);
    expect([0, 1]).toContain(view.tally.弃权);
    // The twice-delivered update was stored and answered once.
    expect(voters[1]!.inbox().filter((m) => m.text.includes(`对 D${id} 投`))).toHaveLength(1);

    // 40 of 392 households is below half: the vote is void, nothing is decided, nothing is carried out.
    const closed = await adminApi<{ status: string; quorumMet: boolean; result: unknown }>(
      h,
      'POST',
      `/api/v1/deliberations/${id}/close`,
    );
    expect(closed.body).toMatchObject({ status: 'decided', quorumMet: false, result: null });
    const before = voters.map((u) => u.inbox().length);
    expect((await adminApi(h, 'POST', `/api/v1/deliberations/${id}/publish`)).status).toBe(200);
    await settle(h);
    for (const [i, u] of voters.entries()) await u.expect(/表决结果：参与户数不足，表决无效/, before[i]);
    const progress = await adminApi<{ error: { code: string; allowed: string[] } }>(
      h,
      'POST',
      `/api/v1/deliberations/${id}/progress`,
      { notes: '开工' },
    );
    expect(progress.status).toBe(409);
    expect(progress.body.error).toMatchObject({ code: 'deliberation.illegal_transition', allowed: [] });
  });

  it("records in-person votes through the API, and a representatives' vote counts only its electorate", async () => {
    const reps = households.slice(0, 3);
    const id = await prepared({
      electorate: 'representatives',
      representatives: reps,
      options: ['同意', '不同意'],
      quorum: { turnout: 2 / 3 },
    });
    expect((await adminApi(h, 'POST', `/api/v1/deliberations/${id}/open`)).status).toBe(200);
    await settle(h);
    const outsider = voters[5]!;
    const k = outsider.inbox().length;
    expect(
      outsider
        .inbox()
        .slice(0, k)
        .some((m) => m.text.includes(`D${id}「`)),
    ).toBe(false);
    await outsider.say(`投票 D${id} 同意`);
    await outsider.expect(new RegExp(`D${id} 由村民代表表决`), k);

    const inPerson = await adminApi<{ inPerson: number; voted: number }>(
      h,
      'POST',
      `/api/v1/deliberations/${id}/votes/in-person`,
      { household: reps[1], option: '同意' },
    );
    expect(inPerson.body).toMatchObject({ inPerson: 1, voted: 1 });
    const refused = voters[1]!.inbox().length;
    await voters[1]!.press(`vt:${id}:2`);
    await voters[1]!.expect(new RegExp(`您家已经在现场投过 D${id} 的票`), refused);
    await voters[0]!.press(`vt:${id}:1`);
    await settle(h);
    const closed = await adminApi<{
      electorate: number;
      voted: number;
      quorumMet: boolean;
      result: string;
      tally: Record<string, number>;
    }>(h, 'POST', `/api/v1/deliberations/${id}/close`);
    expect(closed.body).toMatchObject({
      electorate: 3,
      voted: 2,
      quorumMet: true,
      result: 'passed',
      tally: { 同意: 2, 不同意: 0 },
    });
  });

  it("takes a say-things topic into deliberation, not a repair, and lists the village's matters", async () => {
    const secretary = await bound(h, 6001, '700001', '书记');
    const resident = voters[2]!;
    let k = resident.inbox().length;
    await resident.say('说事 村里路灯太少，想在说事日商量一下多装几盏');
    const topic = Number(/#(\d+)/.exec((await resident.expect(/#\d+/, k)).text)![1]);
    k = resident.inbox().length;
    await resident.say('俺家水管冻裂了，往外冒水');
    const repair = Number(/#(\d+)/.exec((await resident.expect(/#\d+/, k)).text)![1]);
    k = secretary.inbox().length;
    await secretary.say(`议事 #${repair}`);
    await secretary.expect(new RegExp(`#${repair} 不是议事建议或说事议题`), k);
    await secretary.say(`议事 #${topic}`);
    const id = Number(/D(\d+)/.exec((await secretary.expect(/已列入村民议事 D\d+/, k)).text)![1]);
    await resident.expect(new RegExp(`您提的 #${topic} 已列入村民议事 D${id}`));
    const list = await adminApi<{ deliberations: { id: number; sourceRef: number | null; status: string }[] }>(
      h,
      'GET',
      '/api/v1/deliberations?village=xiaoyingdian',
    );
    expect(list.status).toBe(200);
    expect(list.body.deliberations[0]).toMatchObject({ id, sourceRef: topic, status: 'proposed' });
    k = secretary.inbox().length;
    await secretary.say('议事');
    await secretary.expect(new RegExp(`本村议事：\nD${id}「`), k);
    expect((await adminApi(h, 'GET', '/api/v1/deliberations?village=nowhere')).status).toBe(404);
  });

  it('answers bad input with 400 naming the field, unknown ids with 404', async () => {
    const base = {
      village: 'xiaoyingdian',
      title: '题目',
      text: '内容',
      electorate: 'households',
      closesAt: closesAt(),
    };
    const field = async (body: unknown, path = '/api/v1/deliberations') => {
      const r = await adminApi<{ error: { code: string; fields?: { field: string }[] } }>(h, 'POST', path, body);
      return { status: r.status, code: r.body.error.code, fields: (r.body.error.fields ?? []).map((f) => f.field) };
    };
    expect(await field({ ...base, title: undefined })).toMatchObject({ status: 400, fields: ['title'] });
    expect(await field({ ...base, options: ['同意', '同意'] })).toMatchObject({ status: 400, fields: ['options'] });
    expect(await field({ ...base, electorate: 'representatives' })).toMatchObject({
      status: 400,
      fields: ['representatives'],
    });
    expect(await field({ ...base, electorate: 'representatives', representatives: ['h-9999'] })).toMatchObject({
      status: 400,
      fields: ['representatives.0'],
    });
    expect(await field({ ...base, closesAt: 'tomorrow' })).toMatchObject({ status: 400, fields: ['closesAt'] });
    expect(await field({ ...base, quorum: { turnout: 2 } })).toMatchObject({ status: 400, fields: ['quorum.turnout'] });
    expect(await field({ ...base, village: 'nowhere' })).toMatchObject({ status: 404, code: 'village.not_found' });
    expect((await adminApi(h, 'GET', '/api/v1/deliberations/99999')).status).toBe(404);
    expect((await adminApi(h, 'POST', '/api/v1/deliberations/99999/open')).status).toBe(404);
    const id = await prepared();
    expect(await field({ notes: 1 }, `/api/v1/deliberations/${id}/open`)).toMatchObject({
      status: 400,
      fields: ['notes'],
    });
    expect((await adminApi(h, 'POST', `/api/v1/deliberations/${id}/open`)).status).toBe(200);
    expect(
      await field({ household: 'h-9999', option: '同意' }, `/api/v1/deliberations/${id}/votes/in-person`),
    ).toMatchObject({ status: 404, code: 'household.not_found' });
    expect(
      await field({ household: households[0], option: '也许' }, `/api/v1/deliberations/${id}/votes/in-person`),
    ).toMatchObject({ status: 400, fields: ['option'] });
    const unauthorised = await fetch(`${h.url}/api/v1/deliberations/${id}`);
    expect(unauthorised.status).toBe(401);
  });
});
