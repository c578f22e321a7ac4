import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, type ApiRequest, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

// Demo village: households h-0301 (483920) and h-0302 (251551) of group g3, its leader l-03 (吴永红) and
// deputy d-03 (郭桂兰), the secretary s-01 (韩守义).
let h: Harness;
let resident: TelegramUser;
let neighbour: TelegramUser;
let leader: TelegramUser;
let secretary: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const request = async (ref: number) => (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body;

async function report(text: string): Promise<number> {
  const r0 = resident.inbox().length;
  await resident.say(text);
  const receipt = await resident.expect(/已收到，编号 #\d+/, r0);
  await settle(h);
  return refIn(receipt.text);
}

beforeAll(async () => {
  h = await startHarness({ pumps: 'manual' });
  resident = new TelegramUser(h, 8101, '马大姐');
  neighbour = new TelegramUser(h, 8102, '隔壁');
  leader = new TelegramUser(h, 8103, '吴组长');
  secretary = new TelegramUser(h, 8104, '韩书记');
  for (const [u, code] of [
    [resident, '483920'],
    [neighbour, '251551'],
    [leader, '700303'],
    [secretary, '700001'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
});
afterAll(async () => {
  await h?.close();
});

describe('the household takes a request back', () => {
  it('by text: the leader and a following household are told, it is withdrawn and leaves 我的任务', async () => {
    const ref = await report('村口的路灯不亮了，晚上黑乎乎的');
    const n0 = neighbour.inbox().length;
    await neighbour.say('村口路灯不亮了');
    await neighbour.expect(new RegExp(`#${ref}`), n0);
    expect((await request(ref)).status).toBe('assigned');
    await leader.say(`接单 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`));

    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    const f0 = neighbour.inbox().length;
    await resident.say(`撤回 #${ref}`);
    await resident.expect(new RegExp(`诉求 #${ref} 已撤回`), r0);
    await leader.expect(new RegExp(`住户已撤回诉求 #${ref}`), l0);
    await neighbour.expect(new RegExp(`#${ref}.*已被报事的住户撤回`), f0);
    const r = await request(ref);
    expect(r.status).toBe('withdrawn');
    expect(r.events.map((e) => e.type)).toContain('withdrawn');

    const t0 = leader.inbox().length;
    await leader.say('我的任务');
    const tasks = await leader.expect(/待办|没有待办/, t0);
    expect(tasks.text).not.toContain(`#${ref}`);

    // Once withdrawn it cannot be withdrawn again, nor acted on; the leader is told nothing more is needed.
    await resident.say(`取消 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 现在是“已撤回”，不能撤回了`), r0);
    await leader.say(`办结 #${ref} 修好了`);
    await leader.expect(new RegExp(`#${ref} 现在是“已撤回”.*不用再处理了`), t0);
  });

  it("by the receipt's 撤回 button", async () => {
    const r0 = resident.inbox().length;
    await resident.say('俺家的水管漏水了，往外冒');
    const receipt = await resident.expect(/已收到，编号 #\d+/, r0);
    const ref = refIn(receipt.text);
    expect(receipt.buttons).toContain(`wd:${ref}`);
    const l0 = leader.inbox().length;
    await resident.press(`wd:${ref}`);
    await resident.expect(new RegExp(`诉求 #${ref} 已撤回`), r0);
    await leader.expect(new RegExp(`住户已撤回诉求 #${ref}`), l0);
    expect((await request(ref)).status).toBe('withdrawn');
  });

  it('only by the household itself, and plain 取消 still only drops a pending question', async () => {
    const ref = await report('俺家门口的下水道堵了');
    const n0 = neighbour.inbox().length;
    await neighbour.say(`撤回 #${ref}`);
    await neighbour.expect(/不是您的/, n0);
    expect((await request(ref)).status).toBe('assigned');
    const r0 = resident.inbox().length;
    await resident.say('取消');
    await resident.expect(/没有要取消的事/, r0);
    expect((await request(ref)).status).toBe('assigned');
  });
});

describe('the secretary closes a request as invalid', () => {
  it('with a reason the resident and the assignee hear; others may not', async () => {
    const ref = await report('俺家院墙外的电线杆歪了');
    const l0 = leader.inbox().length;
    await leader.say(`作废 #${ref} 重复`);
    await leader.expect(/只有村党支部书记可以作废/, l0);
    const s0 = secretary.inbox().length;
    await secretary.say(`作废 #${ref}`);
    await secretary.expect(/请写上作废的原因/, s0);

    const r0 = resident.inbox().length;
    await secretary.say(`作废 #${ref} 与 #1001 重复，已合并处理`);
    await secretary.expect(new RegExp(`#${ref} 已作废`), s0);
    await resident.expect(new RegExp(`#${ref} 经村党支部书记核实已作废，原因：与 #1001 重复`), r0);
    await leader.expect(new RegExp(`#${ref}.*已由村党支部书记作废.*原因：与 #1001 重复`, 's'), l0);
    const r = await request(ref);
    expect(r.status).toBe('invalid');
    expect(r.events.at(-1)).toMatchObject({ type: 'invalid', details: { text: '与 #1001 重复，已合并处理' } });
  });
});

describe('what a leader can do now', () => {
  it('an illegal command is answered with the possible ones, from the machine', async () => {
    const ref = await report('俺家房顶漏雨，屋里都湿了');
    const l0 = leader.inbox().length;
    await leader.say(`办结 #${ref} 修好了`);
    const hint = await leader.expect(new RegExp(`#${ref} 还没接单`), l0);
    expect(hint.text).toBe(`#${ref} 还没接单，请先 接单 #${ref}，或 转派 #${ref} / 上报 #${ref}`);
    expect((await request(ref)).status).toBe('assigned');
  });

  it("转派 without a name lists members by role, the group's deputy first, named by group and place, paged", async () => {
    const ref = await report('俺家壁挂炉坏了，不出热水');
    const l0 = leader.inbox().length;
    await leader.say(`转派 #${ref}`);
    const page1 = await leader.expect(/转给谁/, l0);
    const lines = page1.text.split('\n');
    expect(lines[1]).toBe('【互助组组长】');
    expect(lines[2]).toBe('郭桂兰（三组，副组长）');
    expect(page1.text).not.toMatch(/^吴永红/m); // the one who has it
    expect(page1.text).not.toContain('t-01'); // town staff are reached by escalation
    expect(page1.text).toContain('李海生（四组，组长）'); // two members of one name, told apart
    expect(page1.text).not.toMatch(/\b[ldst]-0\d\b|md-0\d/); // no roster codes
    expect(page1.buttons).toHaveLength(13);
    expect(page1.buttons[0]).toMatch(new RegExp(`^trf:${ref}:~\\d+$`));
    expect(page1.buttons.at(-1)).toBe(`trf:${ref}:*2`);

    const l1 = leader.inbox().length;
    await leader.press(`trf:${ref}:*2`);
    const page2 = await leader.expect(/转给谁/, l1);
    expect(page2.text).toMatch(
      /【调解员】\n郭长顺（调解员）\n孟桂芝（调解员）\n史福来（调解员）\n【村党支部书记】\n韩守义（书记）$/,
    );
    expect(page2.text).toContain('李海生（八组，组长）');
    expect(page2.buttons).not.toContain(`trf:${ref}:*3`);

    await leader.press(page1.buttons[0]!);
    await leader.expect(new RegExp(`#${ref} 已转派给郭桂兰`), l1);
    expect((await request(ref)).assignee?.code).toBe('d-03');
  });
});
