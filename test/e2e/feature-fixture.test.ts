/**
 * Adding a chat command touches its feature folder and the feature list, nothing else: the fixture feature in
 * test/fixtures/weather/ (a command, its handler and help line, its texts, a sweep and an admin route) joins the
 * real list here, and works through the real conversation, the tick and the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { features, installFeatures } from '../../src/features.js';
import { weatherFeature } from '../fixtures/weather/weather.feature.js';
import { ADMIN_TOKEN, type Harness, startHarness, TelegramUser } from '../support/harness.js';

let h: Harness;

beforeAll(async () => {
  installFeatures([...features, weatherFeature]);
  h = await startHarness({ pumps: 'manual' });
});
afterAll(async () => {
  await h?.close();
  // The files of a worker share their modules: the next one gets the real list back.
  installFeatures(features);
});

describe('a feature added to the list', () => {
  it('answers its command to a resident and a member, in their language, and adds its line to a member’s 帮助', async () => {
    const resident = new TelegramUser(h, 7101, '杨志强');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    await resident.say('天气');
    await resident.expect(/^今天晴，最高 12 度。出门注意保暖。$/);

    const member = new TelegramUser(h, 7102, '吴永红', 'en');
    await member.say('/start 700303');
    await member.expect(/bound|绑定/i);
    await member.say('/weather');
    await member.expect(/^Sunny today, up to 12 °C\. Dress warmly\.$/);
    await member.say('/help');
    await member.expect(/\/weather: today’s weather/);
  });

  it('runs its sweep in the tick and serves its admin route', async () => {
    const result = await h.app.linli.tick(new Date());
    expect(result.weatherAlerts).toBe(0);
    expect(result.careVisits).toBeTypeOf('number');
    const res = await fetch(`${h.url}/api/v1/weather`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await res.json()).toEqual({ today: '今天晴，最高 12 度。出门注意保暖。' });
  });
});
