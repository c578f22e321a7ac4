import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/commands.js';
import { textsFor } from '../../src/texts/index.js';

describe('the member help names the commands a member has', () => {
  it.each([
    ['zh', '改类 #12 报修'],
    ['en', '/kind 12 repair'],
  ] as const)('%s: %s (correcting a kind) is listed and is the command it says', (language, example) => {
    expect(textsFor(language).helpMember).toContain(example);
    expect(parseCommand(example)).toMatchObject({ type: 'change_kind', ref: 12, kind: 'repair' });
  });
});
