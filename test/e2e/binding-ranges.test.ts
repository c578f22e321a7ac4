import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindFailures, recordBindFailure } from '../../src/data/people.repository.js';
import { defaultIdentityPolicy } from '../../src/domain/binding.js';
import { waitFor } from '../support/harness.js';
import { webSession, WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// A scan of card codes from many neighbouring addresses stops at its network range: residents binding
// from elsewhere are not paused with it.
let h: ChannelHarness;

beforeAll(async () => {
  // Trusting the proxy lets each page come from an address of the test's choosing.
  h = await startChannelHarness({ web: true, http: { trustProxy: true } });
});
afterAll(async () => {
  await h?.close();
});

const pageFrom = async (address: string) =>
  new WebPage(h.url, await webSession(h.url), 'me', { forwardedFor: address }).open();

/** Wrong codes recorded from the range 203.0.113.0/24 in the last ten minutes. */
async function wrongFromRange(): Promise<number> {
  const who = { platform: 'web' as const, userId: '-', source: '203.0.113.1' };
  return (await bindFailures(h.database.db, who, h.clock.now(), { ...defaultIdentityPolicy, perRange: 100_000 })).range!
    .length;
}

describe('a scan from one network range', () => {
  it("is stopped at the range's limit, and does not pause binding for a resident elsewhere", async () => {
    // 8 addresses of one /24, two browsers each, 5 wrong codes per browser: 80 guesses.
    const pages: WebPage[] = [];
    for (let a = 1; a <= 8; a++) for (let b = 0; b < 2; b++) pages.push(await pageFrom(`203.0.113.${a}`));
    pages.forEach((p, i) => {
      for (let k = 0; k < 5; k++) p.send(`绑定 SCAN${i}X${k}`);
    });
    await waitFor(() => pages.every((p) => p.bot().length >= 5), 'every page to get 5 answers', 60_000);
    const answers = pages.flatMap((p) => p.bot().map((m) => m.text));
    const waiting = answers.filter((a) => /这个网络里输错绑定码的次数太多/.test(a));
    // Only the range's limit was evaluated; every other guess was turned away unread.
    expect(await wrongFromRange()).toBe(defaultIdentityPolicy.perRange);
    expect(waiting.length).toBeGreaterThanOrEqual(80 - defaultIdentityPolicy.perRange);
    expect(answers.some((a) => /现在网页上输错绑定码的人太多/.test(a))).toBe(false);
    for (const p of pages) p.close();

    // The rest of a 21-address scan, 10 wrong codes each (as it would have been evaluated before ranges).
    const now = h.clock.now();
    for (let a = 9; a <= 21; a++) {
      for (let k = 0; k < 10; k++)
        await recordBindFailure(
          h.database.db,
          { platform: 'web', userId: `scan-${a}-${k}`, source: `203.0.113.${a}` },
          new Date(now.getTime() - k * 1000),
        );
    }

    // A new address of the same range waits, even with a right code…
    const neighbour = await pageFrom('203.0.113.99');
    neighbour.send('绑定 675064');
    await neighbour.expect(/这个网络里输错绑定码的次数太多.*请在 \d\d:\d\d 以后再试/);
    // …while a resident from another network binds at once.
    const resident = await pageFrom('198.51.100.7');
    resident.send('绑定 483920');
    await resident.expect(/绑定成功！您是小营店村三组1号的住户/);
    for (const p of [neighbour, resident]) p.close();
  });
});
