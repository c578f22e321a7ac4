import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import {
  adminApi,
  type ApiRequest,
  daytimeClock,
  demoRoster,
  type Harness,
  settle,
  TelegramUser,
  WEBHOOK_SECRET,
  ADMIN_TOKEN,
} from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

const KEY = 'county-platform-key-0123456789';
const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: its default export is the function itself at run time.
const addFormats = ((formats as { default?: unknown }).default ?? formats) as unknown as (a: Ajv) => void;
addFormats(ajv);
for (const name of ['request', 'requests', 'service', 'services', 'service-definition']) {
  ajv.addSchema(JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', `${name}.json`), 'utf8')), `${name}.json`);
}
function valid(schema: string, data: unknown): void {
  const ok = ajv.validate(`${schema}.json`, data);
  expect(ajv.errors ?? [], `${schema} schema`).toEqual([]);
  expect(ok).toBe(true);
}
function wellFormedXml(text: string): any {
  expect(XMLValidator.validate(text)).toBe(true);
  return new XMLParser().parse(text);
}

let h: Harness;
const clock = daytimeClock();
beforeAll(async () => {
  const database = await createTestDatabase({ roster: 'demo' });
  const telegram = await new FakeTelegram().start();
  const app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    open311: { apiKeys: [{ name: 'county', key: KEY }] },
    channels: (log) => [
      createTelegramChannel({
        token: telegram.token,
        mode: 'webhook',
        apiRoot: telegram.apiRoot,
        webhookSecret: WEBHOOK_SECRET,
        botUsername: telegram.username,
        clock,
        log,
      }),
    ],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  h = {
    app,
    telegram,
    database,
    clock,
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    restart: async () => {},
    close: async () => {
      await app.close();
      await telegram.stop();
      await database.close();
    },
  };
});
afterAll(async () => {
  await h?.close();
});

const v2 = (path: string) => `${h.url}/open311/v2/${path}`;
async function getJson(path: string) {
  const res = await fetch(v2(path));
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
}
async function post(fields: Record<string, string>, format: 'json' | 'xml' = 'json') {
  const res = await fetch(v2(`requests.${format}`), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text() };
}
async function bind(id: number, code: string): Promise<TelegramUser> {
  const u = new TelegramUser(h, id);
  await u.say(`/start ${code}`);
  await u.expect(/绑定成功/);
  return u;
}

describe('Open311 GeoReport v2', () => {
  it('serves discovery and the service list as the spec and its schemas say, in JSON and XML', async () => {
    const d = await getJson('discovery.json');
    expect(d.status).toBe(200);
    expect(d.body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${h.url}/open311/v2`,
      formats: ['application/json', 'text/xml'],
    });
    const dx = wellFormedXml(await (await fetch(v2('discovery.xml'))).text());
    expect(dx.discovery.endpoints.endpoint.formats.format).toEqual(['application/json', 'text/xml']);

    const s = await getJson('services.json');
    expect(s.type).toMatch(/^application\/json/);
    valid('services', s.body);
    expect(s.body.map((x: any) => x.service_code)).toEqual([
      'repair',
      'help',
      'inquiry',
      'hazard',
      'dispute',
      'say_things',
      'proposal',
    ]);
    expect(s.body[0]).toMatchObject({
      service_code: 'repair',
      service_name: '报修',
      metadata: false,
      type: 'realtime',
    });
    const sx = await fetch(v2('services.xml'));
    expect(sx.headers.get('content-type')).toMatch(/^text\/xml/);
    const parsed = wellFormedXml(await sx.text());
    expect(parsed.services.service).toHaveLength(7);
    expect(parsed.services.service[3].service_code).toBe('hazard');

    const def = await getJson('services/hazard.json');
    valid('service-definition', def.body);
    wellFormedXml(await (await fetch(v2('services/hazard.xml'))).text());
    const unknown = await getJson('services/potholes.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: expect.stringContaining('potholes') }]);
  });

  it("refuses a bad or missing api_key with 403 in the spec's error shape, and files nothing", async () => {
    const before = (await adminApi<any>(h, 'GET', '/api/v1/requests')).body.total;
    const bad = await post({
      api_key: 'wrong-key-0123456789',
      service_code: 'repair',
      description: '路灯坏了',
      address_id: 'h-0301',
    });
    expect(bad.status).toBe(403);
    expect(JSON.parse(bad.text)).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const none = await post({ service_code: 'repair', description: '路灯坏了', address_id: 'h-0301' }, 'xml');
    expect(none.status).toBe(403);
    expect(wellFormedXml(none.text).errors.error.code).toBe(403);
    expect((await getJson('requests.json')).status).toBe(403);
    expect((await adminApi<any>(h, 'GET', '/api/v1/requests')).body.total).toBe(before);
  });

  let attachedRef = 0;
  let token = '';
  it('files a request for a household by address_id and routes it like any other: the group leader gets the task card', async () => {
    const leader = await bind(9301, '700303'); // l-03, leader of g3
    const resident = await bind(9302, '483920'); // h-0301
    const l0 = leader.inbox().length;
    const res = await post({
      api_key: KEY,
      service_code: 'repair',
      description: '三组12号门前的路灯不亮了, 晚上"黑乎乎"',
      address_id: 'h-0301',
      lat: '36.35',
      long: '114.38',
      media_url: 'https://county.example.org/photos/1.jpg',
      'attribute[pole]': 'A-17',
      first_name: '建国',
      last_name: '李',
    });
    expect(res.status).toBe(201);
    const [filed] = JSON.parse(res.text);
    expect(filed).toMatchObject({
      service_request_id: expect.stringMatching(/^\d+$/),
      token: expect.any(String),
      service_notice: expect.stringContaining('已收到'),
    });
    attachedRef = Number(filed.service_request_id);
    token = filed.token;
    await leader.expect(new RegExp(`#${attachedRef}`), l0);
    const r = (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${attachedRef}`)).body;
    expect(r).toMatchObject({ kind: 'repair', household: 'h-0301', status: 'assigned', assignee: { code: 'l-03' } });
    expect(r.details.open311).toMatchObject({
      client: 'county',
      lat: 36.35,
      media_url: 'https://county.example.org/photos/1.jpg',
      attributes: { pole: 'A-17' },
    });

    // Read back as GeoReport: the schema holds, and the resident's household hears the news in chat.
    const one = await getJson(`requests/${attachedRef}.json?api_key=${KEY}`);
    valid('requests', one.body);
    expect(one.body[0]).toMatchObject({
      service_request_id: String(attachedRef),
      status: 'open',
      service_code: 'repair',
      lat: 36.35,
      long: 114.38,
      media_url: 'https://county.example.org/photos/1.jpg',
    });
    const r0 = resident.inbox().length;
    await leader.say(`接单 #${attachedRef}`);
    await resident.expect(new RegExp(`#${attachedRef}`), r0);
    await leader.say(`办结 #${attachedRef} 换了灯泡，已经亮了`);
    await resident.expect(/满意/, r0);
    await settle(h);
    const closed = await getJson(`requests/${attachedRef}.json?api_key=${KEY}`);
    valid('requests', closed.body);
    expect(closed.body[0]).toMatchObject({ status: 'closed', status_notes: '换了灯泡，已经亮了' });
    const xml = wellFormedXml(await (await fetch(v2(`requests/${attachedRef}.xml?api_key=${KEY}`))).text());
    expect(xml.service_requests.request.status).toBe('closed');
  });

  it('files a report with no household to the secretary, as an unattached report', async () => {
    const secretary = await bind(9303, '700001');
    const s0 = secretary.inbox().length;
    const res = await post(
      {
        api_key: KEY,
        service_code: 'repair',
        description: '村东头桥上的护栏松了',
        address_string: '村东头小桥',
        lat: '36.351',
        long: '114.381',
      },
      'xml',
    );
    expect(res.status).toBe(201);
    const parsed = wellFormedXml(res.text);
    const ref = Number(parsed.service_requests.request.service_request_id);
    await secretary.expect(new RegExp(`#${ref}`), s0);
    const r = (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body;
    expect(r.household).toBe('~open311');
    expect(r.assignee?.code).toBe('s-01');
    const listed = await getJson(`requests.json?api_key=${KEY}&service_request_id=${ref},${attachedRef}`);
    valid('requests', listed.body);
    expect(listed.body.map((x: any) => x.service_request_id).sort()).toEqual([String(ref), String(attachedRef)].sort());
    expect(listed.body.find((x: any) => x.service_request_id === String(ref)).address).toBe('村东头小桥');
  });

  it('lists with service_code, status and dates, and finds a request by its token', async () => {
    const all = await getJson(`requests.json?api_key=${KEY}`);
    valid('requests', all.body);
    expect(all.body.length).toBeGreaterThanOrEqual(2);
    const closed = await getJson(`requests.json?api_key=${KEY}&status=closed`);
    expect(closed.body.map((x: any) => x.service_request_id)).toEqual([String(attachedRef)]);
    expect((await getJson(`requests.json?api_key=${KEY}&service_code=dispute`)).body).toEqual([]);
    const future = new Date(clock.now().getTime() + 86_400_000).toISOString();
    expect((await getJson(`requests.json?api_key=${KEY}&start_date=${encodeURIComponent(future)}`)).body).toEqual([]);
    wellFormedXml(await (await fetch(v2(`requests.xml?api_key=${KEY}&status=open`))).text());
    const bad = await getJson(`requests.json?api_key=${KEY}&start_date=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body[0].description).toContain('start_date');
    const tok = await getJson(`tokens/${token}.json?api_key=${KEY}`);
    expect(tok.body).toEqual([{ service_request_id: String(attachedRef), token }]);
    expect((await getJson(`tokens/nope.json?api_key=${KEY}`)).status).toBe(404);
    expect((await getJson(`requests/999999.json?api_key=${KEY}`)).status).toBe(404);
  });

  it('names the missing or bad field with 400, and an unknown household with 400', async () => {
    const missing = await post({ api_key: KEY, service_code: 'repair', address_id: 'h-0301' });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)[0].description).toContain('description');
    expect(
      JSON.parse((await post({ api_key: KEY, service_code: 'repair', description: '水管漏了' })).text)[0].description,
    ).toContain('address_string');
    expect(
      JSON.parse(
        (
          await post({
            api_key: KEY,
            service_code: 'repair',
            description: '水管漏了',
            address_id: 'h-0301',
            media_url: 'javascript:alert(1)',
          })
        ).text,
      )[0].description,
    ).toContain('media_url');
    expect(
      JSON.parse(
        (await post({ api_key: KEY, service_code: 'repair', description: '水管漏了', lat: '95', long: '114' })).text,
      )[0].description,
    ).toContain('lat');
    const nobody = await post({ api_key: KEY, service_code: 'repair', description: '水管漏了', address_id: 'h-9999' });
    expect(nobody.status).toBe(400);
    expect(JSON.parse(nobody.text)[0].description).toContain('h-9999');
    expect(
      (await post({ api_key: KEY, service_code: 'potholes', description: '坑', address_id: 'h-0301' })).status,
    ).toBe(404);
  });

  it('asks for jurisdiction_id (the village code) once the deployment serves several villages', async () => {
    const other = demoRoster();
    other.village = { code: 'dongcun', name: '东村', town: '磁州镇', county: '磁县' };
    other.members = [{ code: 's-09', name: '东村书记', roles: ['secretary'], bindCode: 'DONG0001' }];
    other.groups = [{ code: 'g1', name: '一组', leader: null, deputy: null }];
    other.households = [{ code: 'h-1', group: 'g1', head: '东村户', address: null, bindCode: 'DONG1001' }];
    expect((await adminApi(h, 'POST', '/api/v1/roster', other)).status).toBe(200);
    const without = await getJson(`requests.json?api_key=${KEY}`);
    expect(without.status).toBe(400);
    expect(without.body[0].description).toContain('jurisdiction_id');
    const mine = await getJson(`requests.json?api_key=${KEY}&jurisdiction_id=xiaoyingdian`);
    expect(mine.status).toBe(200);
    valid('requests', mine.body);
    expect((await getJson(`requests.json?api_key=${KEY}&jurisdiction_id=dongcun`)).body).toEqual([]);
    expect((await getJson(`requests.json?api_key=${KEY}&jurisdiction_id=nowhere`)).status).toBe(404);
    const res = await post({
      api_key: KEY,
      jurisdiction_id: 'dongcun',
      service_code: 'help',
      description: '想找人帮忙收玉米',
      account_id: 'h-1',
    });
    expect(res.status).toBe(201);
    const ref = Number(JSON.parse(res.text)[0].service_request_id);
    expect((await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body).toMatchObject({
      village: 'dongcun',
      household: 'h-1',
      assignee: { code: 's-09' },
    });
  });

  it('limits filing per client address', async () => {
    let limited = 0;
    for (let i = 0; i < 32 && limited === 0; i++) {
      const r = await post({
        api_key: 'wrong-key-0123456789',
        service_code: 'repair',
        description: 'x',
        address_id: 'h-0301',
      });
      if (r.status === 429) {
        limited++;
        expect(JSON.parse(r.text)[0].code).toBe(429);
      }
    }
    expect(limited).toBe(1);
  });
});
