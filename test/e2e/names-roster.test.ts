import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { adminApi, type Harness, startHarness, TelegramUser } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';
import { bound } from '../desk/desk-support.js';
import { oddCodes, oddVillage, otherVillage } from '../support/odd-roster.js';

// 主持 with several names through Telegram, in a roster where a name alone is often two people: each
// name is looked up in the roster; a shared one is asked with buttons naming group and place, and after
// the choice the names after it go on (asked in turn when shared too); a name nobody has is answered with who is close.

let h: Harness;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let secretary: TelegramUser;
let zhang: TelegramUser;
let yangGY: TelegramUser;
let yangZQ: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

async function ask(u: TelegramUser, text: string, pattern: RegExp): Promise<{ text: string; buttons: string[] }> {
  const n = u.inbox().length;
  await u.say(text);
  try {
    return await u.expect(pattern, n);
  } catch (err) {
    throw new Error(
      `${(err as Error).message}; got: ${JSON.stringify(
        u
          .inbox()
          .slice(n)
          .map((m) => m.text),
      )}`,
      { cause: err },
    );
  }
}

function lastButtons(u: TelegramUser): { label: string; data: string }[] {
  const calls = h.telegram.calls.filter(
    (c) => c.method === 'sendMessage' && c.status === 200 && String(c.body.chat_id) === String(u.id),
  );
  const markup = calls.at(-1)!.body.reply_markup as
    { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => ({ label: b.text, data: b.callback_data }));
}

async function press(u: TelegramUser, label: string, pattern: RegExp): Promise<{ text: string }> {
  const button = lastButtons(u).find((b) => b.label === label);
  if (!button) throw new Error(`no button ${label}: ${JSON.stringify(lastButtons(u))}`);
  const n = u.inbox().length;
  await u.press(button.data);
  return u.expect(pattern, n);
}

type PersonRef = { code: string; name: string } | null;
const mediation = async (ref: number) =>
  (
    await adminApi<{ presiding: PersonRef; assistants: NonNullable<PersonRef>[] }>(
      h,
      'GET',
      `/api/v1/mediations/${ref}`,
    )
  ).body;

/**
 * A dispute reported by a household, taken as a mediation case by the secretary. Each case has an applicant of
 * its own: while a party's case is open, what she writes goes on that case as her statement.
 */
async function openCase(text: string, by: TelegramUser = zhang): Promise<number> {
  const n = by.inbox().length;
  await by.say(text);
  const ref = refIn((await by.expect(/已收到，编号 #\d+/, n)).text);
  await ask(secretary, `接单 #${ref}`, /已受理为人民调解案件/);
  return ref;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await importRoster(database.db, oddVillage);
  await importRoster(database.db, otherVillage);
  h = await startHarness({ database, pumps: 'manual' });
  secretary = await bound(h, 9701, '刘春华', '810001');
  zhang = await bound(h, 9702, '张建国', 'LT0101');
  yangGY = await bound(h, 9703, '杨桂英', 'LT0201');
  yangZQ = await bound(h, 9704, '杨志强', 'LT0102');
}, 120_000);
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe('主持 with several names', () => {
  it('two names each clear: the first presides, the second assists', async () => {
    const ref = await openCase('老杨家盖房子东墙占了俺家宅基地半米，说了也不听');
    const done = await ask(secretary, `主持 #${ref} 郭长顺 孟桂芝`, /主持调解|没有找到|有 \d 位/);
    expect(done.text).toContain('郭长顺');
    expect(done.text).toContain('孟桂芝');
    const c = await mediation(ref);
    expect(c.presiding?.code).toBe('guo.cs');
    expect(c.assistants.map((a) => a.code)).toContain('mgz');
  });

  it('two shared names: asked about each in turn with buttons naming group and place; the clear one between is kept', async () => {
    const ref = await openCase('隔壁家的鸡天天跑俺家地里刨苗，说了几回不管', yangGY);
    const first = await ask(secretary, `主持 #${ref} 王丽 郭长顺 赵强`, /有 2 位「王丽」/);
    for (const c of oddCodes) expect(first.text).not.toContain(c);
    expect(lastButtons(secretary).map((b) => b.label)).toEqual(['王丽（一组，副组长）', '王丽（二组，副组长）']);
    expect((await mediation(ref)).presiding).toBeNull();

    // The choice of 王丽 goes on to 赵强, who is two as well.
    const second = await press(secretary, '王丽（二组，副组长）', /有 2 位「赵强」/);
    for (const c of oddCodes) expect(second.text).not.toContain(c);
    // The typed form names the ones already chosen as people say them, never by their row.
    expect(second.text).not.toMatch(/~\d/);
    expect(second.text).toContain('王丽（二组，副组长）');
    expect(lastButtons(secretary).map((b) => b.label)).toEqual(['赵强（三组，组长）', '赵强（四组，组长）']);
    expect((await mediation(ref)).presiding).toBeNull();

    const done = await press(secretary, '赵强（四组，组长）', /主持调解/);
    expect(done.text).toContain('王丽');
    const c = await mediation(ref);
    expect(c.presiding?.code).toBe('wl.b');
    expect(c.assistants.map((a) => a.code)).toEqual(expect.arrayContaining(['guo.cs', 'zhao.q']));
    expect(c.assistants.map((a) => a.code)).not.toContain('zq-1');
    expect(c.assistants.map((a) => a.code)).not.toContain('wang-li');
  });

  it('a name nobody has: told who is close, nothing changes; a code of another village is nobody here', async () => {
    const ref = await openCase('俺家和后院老杨家为排水沟吵起来了，他家的水全往俺家淌', yangZQ);
    const close = await ask(secretary, `主持 #${ref} 郭常顺 孟桂芝`, /没有「郭常顺」/);
    expect(close.text).toContain('郭长顺');
    for (const c of oddCodes) expect(close.text).not.toContain(c);
    expect((await mediation(ref)).presiding).toBeNull();

    const elsewhere = await ask(secretary, `对方 #${ref} bh-h2`, /没有找到/);
    expect(elsewhere.text).toContain('bh-h2');
    expect(elsewhere.text).not.toContain('北河住户');
  });
});
