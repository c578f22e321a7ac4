import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

// Demo village cards: household h-0301 (三组1号, group g3) and its leader l-03, the secretary s-01.
const RESIDENT_CODE = '483920';
const LEADER_CODE = '700303';
const SECRETARY_CODE = '700001';

let h: Harness;
let resident: TelegramUser;
let leader: TelegramUser;
let secretary: TelegramUser;

async function api(path: string) {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  h = await startHarness();
  resident = new TelegramUser(h, 5001, '马大姐');
  leader = new TelegramUser(h, 6003, '吴组长');
  secretary = new TelegramUser(h, 6000, '韩书记');
  await resident.say(`/start ${RESIDENT_CODE}`);
  await resident.expect(/绑定成功.*三组1号/s);
  await leader.say(`/start ${LEADER_CODE}`);
  await leader.expect(/绑定成功/);
  await secretary.say(`绑定 ${SECRETARY_CODE}`);
  await secretary.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

describe('a resident report travels to the group leader and back', () => {
  it('routes a repair to the group leader, who accepts with the button and resolves by text; the rating closes it', async () => {
    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    await resident.say('俺家壁挂炉坏了，不出热水');
    const receipt = await resident.expect(/已收到，编号 #\d+/, r0);
    expect(receipt.text).toContain('报修');
    expect(receipt.text).toContain('吴永红'); // the g3 leader in the demo roster
    const ref = refIn(receipt.text);

    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.text).toContain('三组1号');
    expect(card.text).toContain('俺家壁挂炉坏了');
    expect(card.buttons).toEqual([`acc:${ref}`, `trf:${ref}`, `esc:${ref}`]);

    await leader.press(`acc:${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);
    const ack = await leader.expect(new RegExp(`已接单 #${ref}`), l0);
    expect(ack.buttons).toContain(`res:${ref}`);
    await settle(h);
    expect(h.telegram.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);

    await leader.say(`备注 #${ref} 下午带师傅过去`);
    await resident.expect(/有新进展.*下午带师傅过去/, r0);

    await leader.say(`办结 #${ref} 换了新的点火器，已恢复供暖`);
    const ask = await resident.expect(new RegExp(`#${ref} 已由吴永红办结`), r0);
    expect(ask.buttons).toEqual([`rate:${ref}:1`, `rate:${ref}:2`, `rate:${ref}:3`]);

    await resident.press(`rate:${ref}:1`);
    await resident.expect(new RegExp(`#${ref} 已完结`), r0);
    const { body } = await api(`/api/v1/requests/${ref}`);
    expect(body.status).toBe('closed');
    expect(body.rating).toBe('satisfied');
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'submitted',
      'assigned',
      'accepted',
      'note',
      'resolved',
      'rated',
      'closed',
    ]);

    // Rating a second time is refused politely and changes nothing.
    const before = resident.inbox().length;
    await resident.say('3');
    await resident.expect(/已经评价过了/, before);
    expect((await api(`/api/v1/requests/${ref}`)).body.status).toBe('closed');
  });

  it('accepts by text command too, and 不满意 reopens the request and tells the secretary', async () => {
    const r0 = resident.inbox().length;
    const s0 = secretary.inbox().length;
    await resident.say('门口的路灯不亮了');
    const ref = refIn((await resident.expect(/已收到，编号/, r0)).text);
    await leader.say(`接单 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);
    await leader.say(`办结 #${ref} 换了灯泡`);
    await resident.expect(/您满意吗/, r0);
    await resident.say('不满意');
    await resident.expect(new RegExp(`#${ref} 已重新办理`), r0);
    // The reopened card (重新办理 #N …) says on a line of its own that the resident is not satisfied.
    await secretary.expect(new RegExp(`不满意.*#${ref}|#${ref}.*不满意`, 's'), s0);
    const { body } = await api(`/api/v1/requests/${ref}`);
    expect(body.status).toBe('reopened');
    expect(body.rating).toBe('unsatisfied');
  });

  it('sends a hazard to both the group leader and the secretary, marked urgent', async () => {
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    await resident.say('村口电线杆上的电线冒火花了');
    const card = await leader.expect(/【紧急】新诉求/, l0);
    const ref = refIn(card.text);
    await secretary.expect(new RegExp(`抄送 #${ref}`), s0);
    const { body } = await api(`/api/v1/requests/${ref}`);
    expect(body.kind).toBe('hazard');
    expect(body.urgency).toBe('urgent');
  });

  it('sends disputes to the mediators in turn', async () => {
    // The danger's receipt to the resident may still be on its way (the outbox sends to each person side by side).
    await settle(h);
    const r0 = resident.inbox().length;
    await resident.say('邻居家盖房子占了俺家宅基地，说了也不听');
    const first = refIn((await resident.expect(/已收到/, r0)).text);
    const r1 = resident.inbox().length;
    await resident.say('隔壁欠俺家三千块钱不还，吵了好几回了');
    const second = refIn((await resident.expect(/已收到/, r1)).text);
    const a = (await api(`/api/v1/requests/${first}`)).body;
    const b = (await api(`/api/v1/requests/${second}`)).body;
    expect(a.kind).toBe('dispute');
    expect(b.kind).toBe('dispute');
    expect(a.assignee.code).toMatch(/^md-0\d$/);
    expect(b.assignee.code).toMatch(/^md-0\d$/);
    expect(a.assignee.code).not.toBe(b.assignee.code);
  });

  it("lists the household requests and shows one with its timeline, but not another household's", async () => {
    const r0 = resident.inbox().length;
    await resident.say('我的诉求');
    const list = await resident.expect(/您的诉求/, r0);
    const ref = refIn(list.text);
    await resident.say(`查 #${ref}`);
    await resident.expect(new RegExp(`诉求 #${ref}`), r0);

    const neighbour = new TelegramUser(h, 5002, '隔壁');
    await neighbour.say('/start 251551'); // h-0302
    await neighbour.expect(/绑定成功/);
    await neighbour.say(`#${ref}`);
    await neighbour.expect(/不是您的/);
  });

  it('greets back without creating a request', async () => {
    const before = (await api('/api/v1/requests?pageSize=100')).body.total;
    const r0 = resident.inbox().length;
    await resident.say('你好');
    await resident.expect(/有什么事直接说/, r0);
    expect((await api('/api/v1/requests?pageSize=100')).body.total).toBe(before);
  });
});
