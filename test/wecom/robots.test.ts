import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotAddress } from '../../src/channels/robots.js';
import { enqueue } from '../../src/data/outbox.repository.js';
import { adminApi, demoRoster, manualClock, settle, TelegramUser, waitFor } from '../support/harness.js';
import { startWecomHarness, type WecomHarness } from './wecom-harness.js';

// The g3 group chat has a robot WeCom knows; g4's key was revoked in WeCom (the fake does not know it).
const G3_KEY = '6f1c2a9e-47b1-4c2e-9d0a-3b5e8f7a1c22';
const G4_KEY = '0d9e8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const webhook = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;
// 10:00 village time, three days before say-things day (the 10th): the first reminder is due.
const clock = manualClock(new Date('2026-12-07T02:00:00Z'));

let h: WecomHarness;
const rows = async (q: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> => {
  const result = (await h.database.db.execute(q)) as unknown;
  return Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows;
};
const groupId = async (code: string) => Number((await rows(sql`select id from groups where code = ${code}`))[0]!.id);

beforeAll(async () => {
  h = await startWecomHarness({
    clock,
    roster: (r) => {
      r.groups.find((g: { code: string }) => g.code === 'g3').robotKey = webhook(G3_KEY);
      r.groups.find((g: { code: string }) => g.code === 'g4').robotKey = G4_KEY;
    },
  });
  h.wecom.robotKeys.add(G3_KEY);
});
afterAll(async () => {
  await h?.close();
});

describe('WeCom group robots', () => {
  it("keep their keys sealed: not in the database as typed, not in an import's answer, not in an error", async () => {
    const stored = (await rows(sql`select sealed_key from group_robots`)).map((r) => String(r.sealed_key));
    expect(stored).toHaveLength(2);
    for (const s of stored) {
      expect(s).toMatch(/^v1:/);
      expect(s).not.toContain(G3_KEY);
      expect(s).not.toContain(G4_KEY);
    }
    // Re-importing through the API without the keys keeps them; a bad key is named by its field, never echoed.
    const again = await adminApi(h, 'POST', '/api/v1/roster', demoRoster());
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).not.toContain(G3_KEY);
    expect(await rows(sql`select group_id from group_robots`)).toHaveLength(2);
    const bad = demoRoster();
    bad.groups[2].robotKey = 'not a key!';
    const refused = await adminApi<{ error: { code: string; message: string } }>(h, 'POST', '/api/v1/roster', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('groups.2.robotKey');
    expect(refused.body.error.message).not.toContain('not a key!');
  });

  it('post the say-things reminder into the group chat, beside every resident', async () => {
    const resident = new TelegramUser(h, 5401, '马大姐');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    await h.app.linli.tick(clock.now());
    const post = await waitFor(() => h.wecom.robotPosts.find((p) => p.key === G3_KEY), 'the reminder at the g3 robot');
    expect(post.body).toEqual({ msgtype: 'text', text: { content: expect.stringMatching(/^【支部说事日】3 天后/) } });
    await resident.expect(/【支部说事日】3 天后/);
    // g4's robot is gone from WeCom (93000): that message fails for good, naming the group, not the key.
    const failed = await waitFor(
      async () =>
        (
          await rows(
            sql`select recipient, last_error from outbox where channel = 'wecom-robot' and failed_at is not null`,
          )
        )[0],
      'the g4 robot message to fail',
    );
    expect(failed.recipient).toBe(robotAddress(await groupId('g4')));
    expect(String(failed.last_error)).toMatch(/errcode 93000/);
    expect(String(failed.last_error)).not.toContain(G4_KEY);
  });

  it('are paced at 20 a minute: each post to a group waits 3 s after the one before', async () => {
    await settle(h);
    // The reminder went to g3 a moment ago: the group's next post is due 3 s after it.
    clock.advance(3000);
    const to = { platform: 'wecom-robot' as const, address: robotAddress(await groupId('g3')) };
    const before = h.wecom.robotPosts.length;
    // Three notices at once (as a burst of notices would be queued).
    for (const n of [1, 2, 3]) await enqueue(h.database.db, to, { text: `通知 ${n}` }, clock.now());
    h.app.linli.outbox.wake();
    await waitFor(() => h.wecom.robotPosts.length === before + 1, 'the first notice');
    // Once the first is marked sent, the other two wait until 3 s after it (the outbox's per-recipient gap).
    const held = await waitFor(async () => {
      const [sent] = await rows(
        sql`select sent_at from outbox where channel = 'wecom-robot' and payload->>'text' = '通知 1' and sent_at is not null`,
      );
      if (!sent) return null;
      const waiting = await rows(
        sql`select next_attempt_at from outbox where channel = 'wecom-robot' and sent_at is null and failed_at is null`,
      );
      const gap = new Date(String(sent.sent_at)).getTime() + 3000;
      return waiting.length === 2 && waiting.every((w) => new Date(String(w.next_attempt_at)).getTime() >= gap)
        ? waiting
        : null;
    }, 'the two other notices to be held 3 s after the first');
    expect(held).toHaveLength(2);
    expect(h.wecom.robotPosts.length).toBe(before + 1);

    clock.advance(3000);
    h.app.linli.outbox.wake();
    await waitFor(() => h.wecom.robotPosts.length === before + 2, 'the second notice, 3 s later');
    // The post reaches the fake before its mark and the hold on the third are written: moving the clock before
    // them would hold the third 3 s after the moved clock.
    await waitFor(async () => {
      const [sent] = await rows(
        sql`select sent_at from outbox where channel = 'wecom-robot' and payload->>'text' = '通知 2' and sent_at is not null`,
      );
      if (!sent) return null;
      const [third] = await rows(
        sql`select next_attempt_at from outbox where channel = 'wecom-robot' and payload->>'text' = '通知 3'`,
      );
      return (
        third && new Date(String(third.next_attempt_at)).getTime() >= new Date(String(sent.sent_at)).getTime() + 3000
      );
    }, 'the third notice held 3 s after the second');
    clock.advance(3000);
    h.app.linli.outbox.wake();
    await waitFor(() => h.wecom.robotPosts.length === before + 3, 'the third notice');
    expect(h.wecom.robotPosts.slice(before).map((p) => p.body.text?.content)).toEqual(['通知 1', '通知 2', '通知 3']);
    // A batch's rows are marked sent once its sends are done: the post can reach the fake a moment before.
    const times = await waitFor(async () => {
      const sent = await rows(
        sql`select sent_at from outbox where channel = 'wecom-robot' and payload->>'text' like '通知 %' order by id`,
      );
      return sent.every((r) => r.sent_at !== null) ? sent.map((r) => new Date(String(r.sent_at)).getTime()) : null;
    }, 'the three notices marked sent');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(3000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(3000);
  });

  it('never show a key in the logs, the channels API or the outbox', async () => {
    const channels = await adminApi(h, 'GET', '/api/v1/channels');
    expect(channels.status).toBe(200);
    expect(JSON.stringify(channels.body)).toContain('wecom-robot');
    const everything = [
      JSON.stringify(channels.body),
      h.logs.join('\n'),
      JSON.stringify(await rows(sql`select recipient, payload, last_error from outbox`)),
    ].join('\n');
    for (const key of [G3_KEY, G4_KEY]) expect(everything).not.toContain(key);
    // The key did reach WeCom, in the one place it belongs.
    expect(h.wecom.robotQueries.some((q) => q === `?key=${G3_KEY}`)).toBe(true);
  });
});
