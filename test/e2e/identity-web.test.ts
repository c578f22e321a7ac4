import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindFailures } from '../../src/data/people.repository.js';
import { defaultIdentityPolicy, sourceKey } from '../../src/domain/binding.js';
import { TelegramUser, waitFor } from '../support/harness.js';
import { webSession, WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// Wrong binding codes are counted per source (the web client's address), so new accounts — new browser
// cookies — do not reset the count; a spike across the deployment (a last resort) pauses binding on the web for everyone.
let h: ChannelHarness;
const MINUTE = 60_000;
/** The harness's clock is real time moved to 10:00 village time; the test moves it on by hand. */
const advance = (ms: number) => {
  (h.clock as unknown as { offsetMs: number }).offsetMs += ms;
};

beforeAll(async () => {
  h = await startChannelHarness({ web: true });
});
afterAll(async () => {
  await h?.close();
});

async function freshPage(): Promise<WebPage> {
  return new WebPage(h.url, await webSession(h.url), 'me').open();
}

/** Wrong codes recorded from this machine (the test's pages all come from 127.0.0.1) within the last ten minutes. */
async function wrongFromHere(): Promise<number> {
  const who = { platform: 'web' as const, userId: '-', source: sourceKey('127.0.0.1') };
  return (await bindFailures(h.database.db, who, h.clock.now(), { ...defaultIdentityPolicy, perSource: 10_000 })).source
    .length;
}

describe('binding throttled per source', () => {
  it('96 wrong codes over 12 new accounts from one address: only 10 are tried, then even the right code waits', async () => {
    const pages = await Promise.all(Array.from({ length: 12 }, () => freshPage()));
    pages.forEach((p, i) => {
      for (let k = 0; k < 8; k++) p.send(`绑定 WRONG${i}X${k}`);
    });
    await waitFor(() => pages.every((p) => p.bot().length >= 8), 'every page to get 8 answers', 30_000);
    const answers = pages.flatMap((p) => p.bot().map((m) => m.text));
    expect(answers).toHaveLength(96);
    const wrong = answers.filter((a) => /绑定码不对/.test(a));
    const waiting = answers.filter((a) =>
      /这个网络里输错绑定码的次数太多.*请在 \d\d:\d\d 以后再试.*互助组组长/.test(a),
    );
    const accountLocked = answers.filter((a) => /尝试次数太多/.test(a));
    expect(wrong.length + waiting.length + accountLocked.length).toBe(96);
    expect(wrong.length).toBeLessThanOrEqual(9);
    // Attempts from one source wait for each other: exactly the limit was evaluated, however many pages sent at once.
    expect(await wrongFromHere()).toBe(10);
    for (const p of pages) p.close();

    // A new browser from the same address, with the right code: refused, politely, until the window passes.
    const resident = await freshPage();
    resident.send('绑定 483920');
    const refusal = await resident.expect(/这个网络里输错绑定码的次数太多/);
    expect(refusal.text).toMatch(/请在 \d\d:\d\d 以后再试。着急的话，请找互助组组长帮您绑定/);
    expect(refusal.text).not.toMatch(/三组/);
    // Telegram accounts are not held back by the web's address.
    const tg = new TelegramUser(h, 9501, '马大姐');
    await tg.say('/start 251551');
    await tg.expect(/绑定成功/);

    advance(10 * MINUTE + 1000);
    const n = resident.bot().length;
    resident.send('绑定 483920');
    await resident.expect(/绑定成功！您是小营店村三组1号的住户/, n);
    resident.close();
  });
});

describe('a deployment-wide spike', () => {
  it('pauses binding on the web for everyone and sends residents to their group leader; Telegram still binds', async () => {
    advance(11 * MINUTE);
    // A scan from addresses everywhere: 200 networks × 10 wrong codes in the last minutes, each range under its limit.
    const now = h.clock.now();
    await h.database.executeSql(
      `insert into bind_attempts (platform, platform_user_id, source, at)
      select 'web', 'scan-' || i, '10.' || (i / 10) || '.' || (i % 10) || '.1', $1::timestamptz - make_interval(secs => i % 10)
      from generate_series(0, $2::int - 1) as i`,
      [now.toISOString(), defaultIdentityPolicy.deploymentSpike],
    );
    const page = await freshPage();
    page.send('绑定 675064');
    const paused = await page.expect(/现在网页上输错绑定码的人太多/);
    expect(paused.text).toMatch(/请在 \d\d:\d\d 以后再试，或者请互助组组长帮您绑定/);
    const tg = new TelegramUser(h, 9502, '李婶');
    await tg.say('/start 675064');
    await tg.expect(/绑定成功！您是小营店村三组3号的住户/);

    advance(10 * MINUTE + 1000);
    const n = page.bot().length;
    page.send('绑定 171115');
    await page.expect(/绑定成功！您是小营店村三组4号的住户/, n);
    page.close();
  });
});
