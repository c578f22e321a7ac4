import { describe, expect, it } from 'vitest';
import {
  cadenceDays,
  careReasonOf,
  careStanding,
  findingOf,
  nextVisitDue,
  noteClauses,
} from '../../src/domain/care.js';
import { parseCareCallback, parseCareCommand } from '../../src/care/care.commands.js';
import { parseCommand } from '../../src/domain/commands.js';
import { rosterSchema } from '../../src/domain/roster.schema.js';

const DAY = 86_400_000;
const t0 = new Date('2026-11-02T01:00:00Z');

describe('care rules (未诉先办)', () => {
  it('reads the reasons as a roster writes them', () => {
    expect(careReasonOf('独居老人')).toBe('elderly_alone');
    expect(careReasonOf('低保户')).toBe('dibao');
    expect(careReasonOf(' 五保 ')).toBe('wubao');
    expect(careReasonOf('困难')).toBeNull();
  });

  it('a weekly elderly visit is due a week after the last one, and overdue two days later; a village may set its own cadence', () => {
    expect(cadenceDays('elderly_alone', {})).toBe(7);
    expect(cadenceDays('dibao', {})).toBe(30);
    expect(cadenceDays('elderly_alone', { elderly_alone: 3 })).toBe(3);
    expect(cadenceDays('elderly_alone', { elderly_alone: 0 })).toBe(7);
    const due = nextVisitDue('elderly_alone', {}, null, t0);
    expect(due.getTime() - t0.getTime()).toBe(7 * DAY);
    expect(nextVisitDue('elderly_alone', {}, new Date(t0.getTime() + 5 * DAY), t0).getTime()).toBe(
      t0.getTime() + 12 * DAY,
    );
    expect(careStanding(due, new Date(due.getTime() - 1))).toBe('ok');
    expect(careStanding(due, due)).toBe('due');
    expect(careStanding(due, new Date(due.getTime() + 2 * DAY))).toBe('overdue');
  });

  it('a visit note files what is lacking or broken, never how the household is', () => {
    expect(noteClauses('身体还好，缺煤')).toEqual(['身体还好', '缺煤']);
    const unsure = { kind: 'other' as const, confident: false };
    expect(findingOf('身体还好', unsure)).toBeNull();
    expect(findingOf('精神不错', { kind: 'repair', confident: false })).toBeNull();
    expect(findingOf('缺煤', { kind: 'hazard', confident: false })).toBe('help');
    expect(findingOf('院墙倒了', { kind: 'repair', confident: true })).toBe('repair');
    expect(findingOf('一切正常', { kind: 'repair', confident: false })).toBeNull();
  });

  it("走访 and 代报 keep the words as typed; other words starting alike stay a resident's text", () => {
    expect(parseCommand('走访 一组2号 身体还好，缺煤')).toEqual({
      type: 'care_visit',
      words: '一组2号 身体还好，缺煤',
    });
    expect(parseCommand('代报 二组 王桂兰 院墙倒了')).toEqual({ type: 'proxy_report', words: '二组 王桂兰 院墙倒了' });
    expect(parseCommand('/fileon 一组2号 broken wall')).toEqual({ type: 'proxy_report', words: '一组2号 broken wall' });
    expect(parseCommand('代报名怎么弄').type).toBe('text');
    expect(parseCareCommand('走访', '走访')).toEqual({ type: 'care_visit', words: '' });
    expect(parseCareCallback('cp:12:~45')).toEqual({ type: 'care_pick', pendingId: 12, household: '~45' });
    expect(parseCareCallback('cp:x')).toBeNull();
    expect(parseCareCallback('acc:12')).toBeUndefined();
  });

  it("the roster takes 特殊户 and a village's cadence by the words people use, and refuses a word that names no reason", () => {
    const base = {
      village: { code: 'v', name: '村', careCadence: { 独居老人: 3, dibao: 14 } },
      members: [],
      groups: [{ code: 'g1', name: '一组' }],
      households: [{ code: 'h1', group: 'g1', head: '张三', care: '独居老人' }],
    };
    const ok = rosterSchema.safeParse(base);
    expect(ok.success).toBe(true);
    expect(ok.data!.village.careCadence).toEqual({ elderly_alone: 3, dibao: 14 });
    const bad = rosterSchema.safeParse({ ...base, households: [{ ...base.households[0], care: '困难' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('unknown care reason 困难');
    expect(rosterSchema.safeParse({ ...base, village: { ...base.village, careCadence: { 困难: 3 } } }).success).toBe(
      false,
    );
  });
});
