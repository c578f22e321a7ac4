import { describe, expect, it } from 'vitest';
import { isConnectionFault } from '../../src/data/connection-faults.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('which database errors are a lost connection, to be ridden out', () => {
  it('a database closed to new connections for a while is one (its sent marks are retried, not given up)', () => {
    expect(isConnectionFault(pgError('55000', 'database "linli" is not currently accepting connections'))).toBe(true);
    expect(
      isConnectionFault({
        message: 'Failed query: update …',
        cause: pgError('55000', 'database "x" is not currently accepting connections'),
      }),
    ).toBe(true);
  });

  it('other errors of the same class are not', () => {
    expect(isConnectionFault(pgError('55000', 'currval of sequence "s" is not yet defined in this session'))).toBe(
      false,
    );
    expect(isConnectionFault(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
  });
});
