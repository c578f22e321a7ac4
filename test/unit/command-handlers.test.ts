import { describe, expect, it } from 'vitest';
import { commandHandlers } from '../../src/chat/commands.table.js';
import { commandTable } from '../../src/domain/commands.js';
import type { CommandHandler } from '../../src/messaging/command.handler.js';

const entries = Object.entries(commandHandlers) as [
  keyof typeof commandTable,
  CommandHandler<keyof typeof commandTable>,
][];

describe('the command handler table', () => {
  it('has an entry for every command of the command table, and no other', () => {
    expect(Object.keys(commandHandlers).sort()).toEqual(Object.keys(commandTable).sort());
  });

  it('runs every command for someone', () => {
    for (const [type, h] of entries)
      expect(
        Object.values(h).some((f) => typeof f === 'function'),
        type,
      ).toBe(true);
  });

  it("gives no resident handler to a leader's command (the dispatcher refuses it politely first)", () => {
    for (const [type, h] of entries) if (commandTable[type].who === 'member') expect(h.resident, type).toBeUndefined();
  });

  it('gives a stranger only 绑定', () => {
    expect(entries.filter(([, h]) => h.anyone).map(([type]) => type)).toEqual(['bind']);
  });
});
