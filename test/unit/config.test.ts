import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/channels/channel.port.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { retryDelayMs } from '../../src/domain/backoff.js';

describe('configuration', () => {
  it('has working defaults for the embedded install', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', LINLI_DATA_DIR: './data', TELEGRAM_MODE: 'polling' });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('reads response-window overrides, keeping the other defaults', async () => {
    const { configuredSla } = await import('../../src/compose.js');
    const sla = configuredSla(loadConfig({ LINLI_SLA: '{"urgentAcceptHours": 1, "disputeResolveDays": 10}' }));
    expect(sla.urgentAcceptMs).toBe(3600_000);
    expect(sla.disputeResolveMs).toBe(10 * 86_400_000);
    expect(sla.sameDayBy).toBe(20);
  });

  it('names the variable that is wrong', () => {
    const fail = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail({ PORT: 'abc' }).variables).toEqual(['PORT']);
    expect(fail({ DATABASE_URL: 'mysql://x' }).message).toContain('DATABASE_URL');
    expect(fail({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_MODE: 'webhook' }).variables).toContain(
      'TELEGRAM_WEBHOOK_SECRET',
    );
    expect(fail({ DATABASE_URL: 'postgres://x/y' }).variables).toContain('LINLI_ADMIN_TOKEN');
    expect(fail({ TELEGRAM_MODE: 'carrier-pigeon' }).variables).toEqual(['TELEGRAM_MODE']);
    expect(fail({ LINLI_SLA: '{"urgentAcceptHours": -1}' }).variables).toEqual(['LINLI_SLA']);
    expect(fail({ LINLI_SLA: 'two hours' }).variables).toEqual(['LINLI_SLA']);
  });
});

describe('message splitting and retry delays', () => {
  it('splits at line breaks and keeps every character', () => {
    const text = Array.from({ length: 300 }, (_, i) => `第${i}行内容`).join('\n');
    const parts = splitText(text, 500);
    expect(parts.every((p) => p.length <= 500)).toBe(true);
    expect(parts.join('\n')).toBe(text);
  });

  it('splits text without any break at the limit', () => {
    const parts = splitText('啊'.repeat(10_000), 4096);
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
  });

  it('backs off exponentially, capped, and never sooner than the server asked', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, null))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30, null)).toBe(300_000);
    expect(retryDelayMs(1, 7000)).toBe(7000);
  });
});
