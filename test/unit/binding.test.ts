import { describe, expect, it } from 'vitest';
import {
  afterWrongCode,
  bindLock,
  bindVerdict,
  defaultIdentityPolicy,
  isValidBindCodeShape,
  sourceKey,
} from '../../src/domain/binding.js';

const at = (min: number) => new Date(Date.UTC(2026, 10, 21, 8, min));

describe('binding throttle', () => {
  it('allows four failures in an hour and locks at the fifth', () => {
    const four = [at(0), at(1), at(2), at(3)];
    expect(bindLock(four, at(4)).locked).toBe(false);
    const five = [...four, at(4)];
    const lock = bindLock(five, at(5));
    expect(lock.locked).toBe(true);
    expect(lock.retryAt).toEqual(new Date(at(0).getTime() + 3600_000));
  });

  it('forgets failures older than an hour', () => {
    const five = [at(0), at(1), at(2), at(3), at(4)];
    expect(bindLock(five, new Date(at(0).getTime() + 3600_000 + 1)).locked).toBe(false);
  });

  it('accepts only code-shaped input', () => {
    expect(isValidBindCodeShape('483920')).toBe(true);
    expect(isValidBindCodeShape('48 39')).toBe(false);
    expect(isValidBindCodeShape("1' or 1=1")).toBe(false);
  });
});

describe('binding throttle per source and deployment-wide', () => {
  const p = { ...defaultIdentityPolicy, perSource: 10, deploymentSpike: 200 };
  const times = (n: number, from = 0) => Array.from({ length: n }, (_, i) => at(from + (i % 9)));
  const none = { account: [], source: [], deployment: [] };

  it('locks a source after ten wrong codes in ten minutes, whatever account sends the next one', () => {
    const v = bindVerdict({ account: [], source: times(10), deployment: times(10) }, true, at(9), p);
    expect(v).toEqual({ allowed: false, why: 'source', retryAt: new Date(at(0).getTime() + 10 * 60_000) });
    // Ten minutes after the oldest counting failure it lifts.
    expect(
      bindVerdict(
        { account: [], source: times(10), deployment: times(10) },
        true,
        new Date(at(0).getTime() + 10 * 60_000 + 1),
        p,
      ).allowed,
    ).toBe(true);
  });

  it('ignores sources for accounts the platform vouches for (Telegram, WeChat)', () => {
    expect(bindVerdict({ account: [], source: times(10), deployment: times(500) }, false, at(9), p).allowed).toBe(true);
  });

  it('pauses binding with a source for everyone during a deployment-wide spike', () => {
    const v = bindVerdict({ account: [], source: [], deployment: times(200) }, true, at(9), p);
    expect(v).toMatchObject({ allowed: false, why: 'spike' });
    expect(bindVerdict({ account: [], source: [], deployment: times(199) }, true, at(9), p).allowed).toBe(true);
  });

  it('the account lock comes first, and counts what is left on both levels', () => {
    expect(bindVerdict({ account: times(5), source: times(10), deployment: [] }, true, at(9), p)).toMatchObject({
      why: 'account',
    });
    expect(bindVerdict({ account: times(1), source: times(7), deployment: [] }, true, at(9), p)).toEqual({
      allowed: true,
      left: 3,
    });
    expect(bindVerdict(none, false, at(9), p)).toEqual({ allowed: true, left: 5 });
  });

  it('says after a wrong code how many are left or which lock it set off', () => {
    expect(afterWrongCode(none, false, at(1), p)).toEqual({ left: 4 });
    expect(afterWrongCode({ account: [], source: times(9), deployment: [] }, true, at(9), p)).toMatchObject({
      why: 'source',
    });
    expect(afterWrongCode({ account: times(4), source: [], deployment: [] }, false, at(9), p)).toMatchObject({
      why: 'account',
    });
  });

  it('counts IPv6 addresses by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(sourceKey('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceKey('2001:db8:0:12:aaaa::1')).toBe('2001:db8:0:12::/64');
    expect(sourceKey('2001:DB8:0:12:bbbb:cccc:dddd:eeee')).toBe('2001:db8:0:12::/64');
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
  });
});
