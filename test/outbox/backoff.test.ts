import { describe, expect, it } from 'vitest';
import { ANSWERING_CAP_MS, ANSWERING_WINDOW_MS, sendRetryDelayMs } from '../../src/domain/backoff.js';

const now = 1_000_000_000;

describe('when a failed send is tried again', () => {
  it("honours the platform's retry_after exactly, however many times the row failed before", () => {
    expect(sendRetryDelayMs({ attempt: 1, retryAfterMs: 1000, lastSuccessAt: now - 100, now })).toBe(1000);
    expect(sendRetryDelayMs({ attempt: 7, retryAfterMs: 1000, lastSuccessAt: now - 100, now })).toBe(1000);
    expect(sendRetryDelayMs({ attempt: 9, retryAfterMs: 3000, lastSuccessAt: null, now })).toBe(3000);
  });

  it('while the platform takes other sends, the backoff stops at a couple of seconds', () => {
    const delays = [1, 2, 3, 4, 5, 6, 10].map((attempt) =>
      sendRetryDelayMs({ attempt, retryAfterMs: null, lastSuccessAt: now - 5_000, now }),
    );
    expect(delays).toEqual([
      1000,
      ANSWERING_CAP_MS,
      ANSWERING_CAP_MS,
      ANSWERING_CAP_MS,
      ANSWERING_CAP_MS,
      ANSWERING_CAP_MS,
      ANSWERING_CAP_MS,
    ]);
  });

  it('a platform that has taken nothing lately gets the full exponential backoff', () => {
    const stale = now - ANSWERING_WINDOW_MS - 1;
    expect(
      [1, 2, 3, 4, 5].map((attempt) => sendRetryDelayMs({ attempt, retryAfterMs: null, lastSuccessAt: stale, now })),
    ).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(sendRetryDelayMs({ attempt: 30, retryAfterMs: null, lastSuccessAt: null, now })).toBe(300_000);
  });

  it('a configured base longer than the cap is kept (the cap only shortens)', () => {
    expect(sendRetryDelayMs({ attempt: 3, retryAfterMs: null, lastSuccessAt: now, now, baseMs: 60_000 })).toBe(60_000);
    expect(sendRetryDelayMs({ attempt: 3, retryAfterMs: null, lastSuccessAt: now, now, baseMs: 50 })).toBe(200);
  });
});
