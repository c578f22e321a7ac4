import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createWebChannel } from '../../bots/web/index.js';
import { webFanout } from '../../bots/web/web.sender.js';
import { SocketHub } from '../../bots/web/web.sockets.js';
import { buildApp } from '../../src/app.js';
import type { Fanout } from '../../src/channels/adapter.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { Database } from '../../src/data/database.js';
import { ADMIN_TOKEN, daytimeClock, waitFor } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';
import { SESSION_SECRET } from '../support/web-harness.js';
import { webSession, WebPage } from '../support/web-client.js';

/**
 * Two instances of the service on one database, as behind a load balancer: the page is connected to
 * one, the other sends the replies (its outbox dispatcher claimed them). The push must still reach the
 * page live, through LISTEN/NOTIFY, and only once.
 */

let database: Database;
let sender: FastifyInstance;
let front: FastifyInstance;
const urlOf = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

async function instance(sends: boolean): Promise<FastifyInstance> {
  const clock = daytimeClock();
  const app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    channels: (log) => [createWebChannel({ clock, log, sessionSecret: SESSION_SECRET })],
  });
  if (!sends)
    app.addHook('onReady', async () => {
      await app.linli.outbox.stop();
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

beforeAll(async () => {
  database = await createTestDatabase({ roster: 'demo' });
  sender = await instance(true);
  // The instance the page talks to sends nothing itself.
  front = await instance(false);
});
afterAll(async () => {
  await front?.close();
  await sender?.close();
  await database?.close();
});

describe('the web chat behind two instances', () => {
  it('pushes a reply sent by the other instance to the page, live and once', async () => {
    const page = await new WebPage(urlOf(front), await webSession(urlOf(front)), 'h-0301').open();
    page.send('绑定 483920');
    await page.expect(/绑定成功.*三组1号/s);
    page.send('俺家壁挂炉坏了，不出热水');
    const receipt = await page.expect(/已收到，编号 #\d+/);
    // Live (a "message" frame after the history), not read back on a reconnect.
    const live = page.received.flatMap((m) => (m.type === 'message' ? [m.item.id] : []));
    expect(live).toContain(receipt.id);
    expect(page.bot().filter((m) => m.id === receipt.id)).toHaveLength(1);
    // The page learnt who it is signed in as from the other instance's push, too.
    await waitFor(() => page.received.some((m) => m.type === 'who'), 'the page to learn who it is');
    page.close();
  });
});

describe('a message too long for a notification', () => {
  it('tells the other instances to reload that user’s pages instead', async () => {
    const published: string[] = [];
    const fanout: Fanout = {
      publish: async (_topic, payload) => {
        published.push(payload);
      },
      subscribe: async () => async () => {},
    };
    const fan = webFanout(fanout, new SocketHub(), async () => null);
    await fan.publish('u1', { kind: 'bot', id: 7, text: '长'.repeat(3000), at: new Date(0).toISOString() });
    await fan.publish('u1', { kind: 'bot', id: 8, text: '短', at: new Date(0).toISOString() });
    expect(published.map((p) => JSON.parse(p) as Record<string, unknown>)).toEqual([
      { from: expect.any(String), address: 'u1', reload: true },
      {
        from: expect.any(String),
        address: 'u1',
        item: { kind: 'bot', id: 8, text: '短', at: new Date(0).toISOString() },
      },
    ]);
  });
});
