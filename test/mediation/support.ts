import { expect } from 'vitest';
import { type Harness, TelegramUser } from '../support/harness.js';

// Demo village cards (db/demo/xiaoyingdian.json).
export const CARDS = {
  h0301: '483920', // 杨志强, 三组1号
  h0302: '251551', // 王志强, 三组2号
  h0305: '214402', // 张红霞, 三组5号
  secretary: '700001', // 韩守义
  mediators: { 'md-01': '700101', 'md-02': '700102', 'md-03': '700103' } as Record<string, string>,
};

export const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

export async function bindAs(u: TelegramUser, code: string): Promise<TelegramUser> {
  const n = u.inbox().length;
  await u.say(`绑定 ${code}`);
  await u.expect(/绑定成功/, n);
  return u;
}

export interface Village {
  mediators: Record<string, TelegramUser>;
  secretary: TelegramUser;
}

export async function bindStaff(h: Harness, base: number): Promise<Village> {
  const mediators: Record<string, TelegramUser> = {};
  let i = 0;
  for (const [code, card] of Object.entries(CARDS.mediators))
    mediators[code] = await bindAs(new TelegramUser(h, base + i++, `调解员${code}`), card);
  return { mediators, secretary: await bindAs(new TelegramUser(h, base + 9, '韩书记'), CARDS.secretary) };
}

/** A resident reports a dispute; answers its ref and the mediator whose card it was (mediators take disputes in turn). */
export async function fileDispute(
  resident: TelegramUser,
  v: Village,
  text: string,
): Promise<{ ref: number; code: string; mediator: TelegramUser }> {
  const seen = Object.fromEntries(Object.entries(v.mediators).map(([c, u]) => [c, u.inbox().length]));
  const n = resident.inbox().length;
  await resident.say(text);
  const ref = refIn((await resident.expect(/已收到，编号 #\d+/, n)).text);
  const card = new RegExp(`新诉求 #${ref}`);
  let found: [string, TelegramUser] | undefined;
  for (let tries = 0; tries < 500 && !found; tries++) {
    found = Object.entries(v.mediators).find(([c, u]) =>
      u
        .inbox()
        .slice(seen[c])
        .some((m) => card.test(m.text)),
    );
    if (!found) await new Promise((r) => setTimeout(r, 20));
  }
  expect(found, `a mediator's card for #${ref}`).toBeDefined();
  return { ref, code: found![0], mediator: found![1] };
}

/** Says something and waits for the answer matching `pattern` (counted from before it was said). */
export async function ask(
  u: TelegramUser,
  text: string,
  pattern: RegExp,
): Promise<{ text: string; buttons: string[] }> {
  const n = u.inbox().length;
  await u.say(text);
  try {
    return await u.expect(pattern, n);
  } catch (err) {
    // What the person got instead is the useful part of the failure.
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
