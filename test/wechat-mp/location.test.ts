import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramUser } from '../support/harness.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const cdata = (s: string) => `<![CDATA[${s}]]>`;
let msgId = 25_000_000_000_000_000n;

/** A location message exactly as WeChat pushes it: Location_X is the latitude, Location_Y the longitude (GCJ-02). */
function shareLocation(u: MpUser, lat: number, long: number, label: string) {
  return u.push(
    u.xml(
      `<MsgType>${cdata('location')}</MsgType>\n<Location_X>${lat}</Location_X>\n<Location_Y>${long}</Location_Y>\n` +
        `<Scale>15</Scale>\n<Label>${cdata(label)}</Label>\n<MsgId>${++msgId}</MsgId>`,
    ),
  );
}

const amapOf = (text: string) => new URL(/https:\/\/uri\.amap\.com\/marker\?\S+/.exec(text)![0]);

describe('locations shared on the Official Account', () => {
  let h: MpHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMpHarness();
    leader = new TelegramUser(h, 7303, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a location after a report becomes that request's place: the leader gets the map link, 查 and the API show it", async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    await resident.say('村口的路灯坏了，晚上黑乎乎的');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    const l0 = leader.inbox().length;
    const i0 = resident.inbox().length;
    await shareLocation(resident, 36.351234, 114.381234, '河北省邯郸市磁县小营店村村口');
    expect(await resident.expect(new RegExp(`位置已记到诉求 #${ref}：河北省邯郸市磁县小营店村村口`), i0)).toBeTruthy();

    const told = await leader.expect(new RegExp(`#${ref} 居民发来了位置`), l0);
    const link = amapOf(told.text);
    expect(link.searchParams.get('position')).toBe('114.381234,36.351234');
    expect(link.searchParams.get('name')).toBe('河北省邯郸市磁县小营店村村口');
    expect(link.searchParams.get('coordinate')).toBe('gaode');

    const request = await h.api(`/api/v1/requests/${ref}`);
    expect(request.body.place).toMatchObject({
      lat: 36.351234,
      long: 114.381234,
      label: '河北省邯郸市磁县小营店村村口',
      datum: 'gcj02',
    });
    expect(request.body.events.map((e: { type: string }) => e.type)).toContain('place');

    const i1 = resident.inbox().length;
    await resident.say(`查 #${ref}`);
    const status = await resident.expect(new RegExp(`诉求 #${ref}`), i1);
    expect(status).toContain('位置：河北省邯郸市磁县小营店村村口');
    expect(amapOf(status).searchParams.get('position')).toBe('114.381234,36.351234');
  });

  it('a location with nothing talked about asks what happened there; the report that follows carries the place to the receipt and the card', async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 251551');
    await resident.expect(/绑定成功/);
    const i0 = resident.inbox().length;
    await shareLocation(resident, 36.36, 114.39, '小营店村二组水井旁');
    await resident.expect(/收到位置：小营店村二组水井旁。\n那里出了什么事/, i0);
    const l0 = leader.inbox().length;
    await resident.say('井盖丢了，怕有人掉下去');
    const receipt = await resident.expect(/已收到，编号 #\d+/, i0);
    const ref = refIn(receipt);
    expect(receipt).toContain('位置：小营店村二组水井旁');
    expect(amapOf(receipt).searchParams.get('position')).toBe('114.39,36.36');
    const card = await leader.expect(new RegExp(`#${ref}（`), l0);
    expect(card.text).toContain('位置：小营店村二组水井旁');
    expect(amapOf(card.text).searchParams.get('position')).toBe('114.39,36.36');
    const request = await h.api(`/api/v1/requests/${ref}`);
    expect(request.body.place).toMatchObject({ lat: 36.36, long: 114.39, label: '小营店村二组水井旁' });

    // The point went with that report: the next one has none.
    const i1 = resident.inbox().length;
    await resident.say('另外，俺家院墙裂了一道缝');
    const next = refIn(await resident.expect(/已收到，编号 #\d+/, i1));
    expect((await h.api(`/api/v1/requests/${next}`)).body.place).toBeNull();
  });

  it('a location that is no point on Earth is answered as unreadable, not stored as a place', async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    const i0 = resident.inbox().length;
    await shareLocation(resident, 123.4, 514.3, '<script>');
    await resident.expect(/只能看懂/, i0);
  });
});
