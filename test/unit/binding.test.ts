import { describe, expect, it } from 'vitest';
import { bindLock, isValidBindCodeShape } from '../../src/domain/binding.js';

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
