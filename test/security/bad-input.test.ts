import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEntries } from '../../src/data/inspection.repository.js';
import { groupOfHousehold, villageByCode } from '../../src/data/people.repository.js';
import { findRequest } from '../../src/data/requests.repository.js';
import { storedRoster, upsertHouseholds } from '../../src/data/roster.repository.js';
import { MAX_REF, parseCallback } from '../../src/domain/commands.js';
import { ADMIN_TOKEN, demoRoster, settle, TelegramUser } from '../support/harness.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

/** Everything the service logs, one JSON line each: read to prove what never reaches the log. */
const logged: string[] = [];
const stream = {
  write: (line: string) => {
    logged.push(line);
  },
};

/** A name, an address and a binding code a failing statement carries as parameters. */
const PERSON = { head: '王秀英', address: '三组99号院' };
let clashCode = '';

let h: ChannelHarness;
beforeAll(async () => {
  h = await startChannelHarness({
    logger: { level: 'info', stream },
    // Routes of this test only, through the app's real error handling and logger: statements that fail in the database.
    extraRoutes: (app, database) => {
      const db = database.db;
      app.post('/test/household-clash', async () => {
        const village = (await villageByCode(db, 'xiaoyingdian'))!;
        const stored = await db.transaction((tx) => storedRoster(tx, village.id));
        const h0301 = stored.households.get('h-0301')!;
        clashCode = h0301.bindCode;
        const group = (await groupOfHousehold(db, h0301.id))!;
        // Another household with h-0301's binding code: a unique violation, its values in the statement's parameters.
        await db.transaction((tx) =>
          upsertHouseholds(tx, village.id, [
            { code: 'h-9999', groupId: group.id, ...PERSON, bindCode: h0301.bindCode },
          ]),
        );
        return { ok: true };
      });
      app.get('/test/ref-overflow', async () => findRequest(db, 99_999_999_999));
      app.get('/test/broken-statement', async () =>
        db.execute(sql`select * from no_such_table where head = ${PERSON.head}`),
      );
    },
  });
});
afterAll(async () => {
  await h?.close();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('control characters and lone surrogates', () => {
  it('answers a NUL in a query string or a path parameter with 400 naming the field', async () => {
    for (const [path, field] of [
      ['/api/v1/requests?village=%00', 'querystring.village'],
      ['/api/v1/requests?assignee=l-03%00', 'querystring.assignee'],
      ['/api/v1/metrics?village=%00&month=2026-11', 'querystring.village'],
      ['/api/v1/villages/%00/say-things', 'params.code'],
      ['/api/v1/villages/xiao%01yingdian/say-things', 'params.code'],
    ] as const) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('validation.failed');
      expect(res.body.error.message, path).toBe(`${field}: contains a control character`);
    }
  });

  it('takes a URL escape that is no UTF-8 (a lone surrogate has none) as typed: it matches nothing, and nothing fails', async () => {
    // %ED%A0%80 would be U+D800; a URL cannot carry a lone surrogate, the parser keeps the escape as it is.
    const res = await call('GET', '/api/v1/requests?village=%ED%A0%80');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
    expect((await call('GET', '/api/v1/villages/%ED%A0%80/say-things')).status).toBeLessThan(500);
  });

  it('rejects a roster with a NUL or a lone surrogate whole, naming the field, and stores nothing', async () => {
    const roster = demoRoster();
    roster.households[3].address = '一组4号\u0000';
    const nul = await call('POST', '/api/v1/roster', roster);
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toBe('body.households.3.address: contains a control character');
    expect(nul.body.error.fields).toEqual([{ field: 'households.3.address', message: 'contains a control character' }]);

    const lone = demoRoster();
    lone.members[2].name = '孟桂\ud800芝';
    const surrogate = await call('POST', '/api/v1/roster', JSON.stringify(lone));
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.message).toBe('body.members.2.name: contains an invalid character (a lone surrogate)');
    // The body as sent on the wire, with the escape spelled out.
    const raw = JSON.stringify(demoRoster()).replace('"一组1号"', '"一组1号\\udc00"');
    expect((await call('POST', '/api/v1/roster', raw)).body.error.message).toBe(
      'body.households.0.address: contains an invalid character (a lone surrogate)',
    );
    expect((await call('GET', '/api/v1/requests?village=xiaoyingdian')).status).toBe(200);
  });

  it('lets tabs and line breaks through', async () => {
    const res = await call('POST', '/api/v1/classify', { text: '路灯\t不亮了\n在村口' });
    expect(res.status).toBe(200);
  });
});

describe('refs outside the integer range', () => {
  it('reads a button for a ref past 2147483647 as a ref no request has', () => {
    expect(parseCallback('view:99999999999')).toEqual({ type: 'view', ref: 0 });
    expect(parseCallback(`acc:${MAX_REF + 1}`)).toEqual({ type: 'accept', ref: 0 });
    expect(parseCallback(`acc:${MAX_REF}`)).toEqual({ type: 'accept', ref: MAX_REF });
    expect(parseCallback('rate:123456789012345678901234567890:1')).toEqual({
      type: 'rate',
      ref: 0,
      rating: 'satisfied',
    });
    for (const data of ['view:0', 'view:-1', 'view:1e3', 'view:0x10', 'view: 12', 'view:'])
      expect(parseCallback(data), data).toBeNull();
  });

  it('answers a forged button for #99999999999 with "not found", once, without the apology for a failure', async () => {
    const resident = new TelegramUser(h, 7101, '刘婶');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    const before = resident.inbox().length;
    await resident.press('view:99999999999');
    await resident.expect(/没有找到诉求 #0/, before);
    await settle(h);
    expect(
      resident
        .inbox()
        .slice(before)
        .some((m) => m.text.includes('系统刚才出了点问题')),
    ).toBe(false);
    const rows = await inboundEntries(h.database.db, { platform: 'telegram', platformUserId: '7101' });
    expect(rows.at(-1)).toMatchObject({ attempts: 1, lastError: null });
    expect(rows.at(-1)!.processedAt).not.toBeNull();
  });
});

describe('database errors', () => {
  it('answers a unique violation with 400 naming no value, and logs its code and statement, never its parameters', async () => {
    const from = logged.length;
    const res = await call('POST', '/test/household-clash', {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    expect(res.body.error.message).toMatch(/already in use/);
    const text = JSON.stringify(res.body);
    for (const value of [clashCode, PERSON.head, PERSON.address]) expect(text).not.toContain(value);

    const lines = logged.slice(from).join('\n');
    expect(lines).toContain('"sqlState":"23505"');
    expect(lines).toContain('"statement":"insert households"');
    expect(lines).toMatch(/"constraint":"households_bind_code/);
    for (const value of [clashCode, PERSON.head, PERSON.address, 'params']) expect(lines).not.toContain(value);
  });

  it('answers a value out of range for its column with 400, logging no value', async () => {
    const from = logged.length;
    const res = await call('GET', '/test/ref-overflow');
    expect(res.status).toBe(400);
    const lines = logged.slice(from).join('\n');
    expect(lines).toContain('22003');
    expect(lines).toContain('"statement":"select requests"');
    expect(lines).not.toContain('99999999999');
  });

  it('answers any other database failure with 500 and a request id only, logging no parameter', async () => {
    const from = logged.length;
    const res = await call('GET', '/test/broken-statement');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal error', requestId: expect.any(String) } });
    const lines = logged.slice(from).join('\n');
    expect(lines).toContain('"code":"42P01"');
    expect(lines).toContain('"level":50');
    expect(lines).not.toContain(PERSON.head);
    expect(lines).not.toContain('no_such_table where');
  });

  it('keeps authorization headers and cookies out of the log', async () => {
    const from = logged.length;
    await fetch(`${h.url}/api/v1/requests`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: 'linli_web=secret-cookie' },
    });
    const lines = logged.slice(from).join('\n');
    expect(lines).toContain('/api/v1/requests');
    expect(lines).not.toContain(ADMIN_TOKEN);
    expect(lines).not.toContain('secret-cookie');
  });
});
