import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { createOpenAiClassifier } from '../../src/classify/openai.classifier.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { ADMIN_TOKEN, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

// With an OpenAI-compatible model in front, an acknowledgement the word table does not know ("瞅见了")
// reaches the model; its `none` (no matter at all) is answered with a warm word and never filed.
let h: Harness;
let ai: FakeOpenAi;
let resident: TelegramUser;

const answer = (kind: string, summary: string, urgency = 'normal') => ({
  type: 'answer' as const,
  content: { kind, summary, urgency, location: null, parties: null, when: null, department: null, confidence: 0.95 },
});
const total = async () =>
  (
    (await (
      await fetch(`${h.url}/api/v1/requests`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { total: number }
  ).total;

beforeAll(async () => {
  ai = await startFakeOpenAi();
  const classifier = createOpenAiClassifier({
    apiKey: 'sk-test',
    baseURL: ai.baseURL,
    model: 'qwen-test',
    timeoutMs: 2000,
    fallback: createOfflineClassifier(),
  });
  h = await startHarness({ classifier });
  resident = new TelegramUser(h, 7301);
  await resident.say('/start 483920');
  await resident.expect(/绑定成功/);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await ai?.close();
});

describe('the model’s none class through a channel', () => {
  it('an acknowledgement the model calls none gets a warm word and files nothing; a matter the model names is filed', async () => {
    const before = await total();
    // The offline model alone would take this for a repair (停水); the model's none is what keeps it out.
    ai.respondWith(answer('none', '停水通知瞅见了'));
    const n = resident.inbox().length;
    await resident.say('停水通知瞅见了哈');
    const reply = await resident.expect(/./, n);
    expect(reply.text).toContain('好嘞，收到');
    expect(reply.text).not.toMatch(/编号|#\d+|请选一个/);
    expect(ai.requests.at(-1)!.body.messages!.at(-1)!.content).toContain('停水通知瞅见了哈');
    await settle(h);
    expect(await total()).toBe(before);

    // The same path files a real matter: the count moves only when there is one.
    ai.respondWith(answer('repair', '水泵坏了'));
    const m = resident.inbox().length;
    await resident.say('俺家水泵坏了抽不上水，在三组1号');
    await resident.expect(/已收到，编号 #\d+/, m);
    expect(await total()).toBe(before + 1);
  });

  it('a none with danger in it is still filed at once as urgent (safety first)', async () => {
    const before = await total();
    ai.respondWith(answer('none', '电线冒火花', 'urgent'));
    const n = resident.inbox().length;
    await resident.say('晓得了，对了院里电线在冒火花');
    await resident.expect(/【紧急】|紧急/, n);
    expect(await total()).toBe(before + 1);
  });
});
