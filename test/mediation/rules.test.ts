import { describe, expect, it } from 'vitest';
import {
  allBoundConfirmed,
  awaitingConfirmation,
  caseNumber,
  caseYear,
  confirmationDeadline,
  confirmationReminderAt,
  defaultMediationPolicy,
  disputeTypeOf,
  openReminderAt,
  referralOf,
  returnVisitDueAt,
  villageShortName,
} from '../../src/domain/mediation.rules.js';
import { parseCallback, parseCommand, textFormOfButton } from '../../src/domain/commands.js';

const DAY = 86_400_000;

describe('case numbers', () => {
  it('writes （2026）小营店人调字第 12 号 from the village name, the year and the sequence', () => {
    expect(caseNumber(2026, '小营店村', 12)).toBe('（2026）小营店人调字第 12 号');
    expect(villageShortName('创举社区')).toBe('创举');
    expect(villageShortName('村')).toBe('村');
  });

  it('takes the year in the village time zone: 31 Dec 16:30 UTC is already next year in Beijing', () => {
    expect(caseYear(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe(2027);
    expect(caseYear(new Date('2026-12-31T15:30:00Z'), 'Asia/Shanghai')).toBe(2026);
  });
});

describe('case deadlines', () => {
  const t0 = new Date('2026-03-01T02:00:00Z');
  it('reminds at 30 days open, on day 25 of the 30-day judicial-confirmation window, and the return visit at 30 days', () => {
    expect(openReminderAt(t0).getTime() - t0.getTime()).toBe(30 * DAY);
    expect(confirmationReminderAt(t0).getTime() - t0.getTime()).toBe(25 * DAY);
    expect(confirmationDeadline(t0).getTime() - t0.getTime()).toBe(30 * DAY);
    expect(returnVisitDueAt(t0).getTime() - t0.getTime()).toBe(30 * DAY);
    expect(returnVisitDueAt(t0, { ...defaultMediationPolicy, returnVisitDays: 10 }).getTime() - t0.getTime()).toBe(
      10 * DAY,
    );
  });
});

describe('confirmations', () => {
  const parties = [
    { id: 1, bound: true },
    { id: 2, bound: true },
    { id: 3, bound: false },
  ];
  it('takes effect when every bound party confirmed; unbound parties sign on paper', () => {
    expect(allBoundConfirmed(parties, new Set([1]))).toBe(false);
    expect(awaitingConfirmation(parties, new Set([1]))).toEqual([2]);
    expect(allBoundConfirmed(parties, new Set([1, 2]))).toBe(true);
    expect(allBoundConfirmed([{ id: 3, bound: false }], new Set())).toBe(true);
  });
});

describe('registration and referral', () => {
  it('guesses the dispute type from the words', () => {
    expect(disputeTypeOf('邻居家盖房子占了俺家宅基地')).toBe('land');
    expect(disputeTypeOf('隔壁欠俺家三千块钱不还')).toBe('debt');
    expect(disputeTypeOf('儿子不赡养老人')).toBe('family');
    expect(disputeTypeOf('说不清')).toBe('other');
  });
  it('reads the referral from the reason, 司法所 by default', () => {
    expect(referralOf('双方分歧太大，建议到法院起诉')).toBe('court');
    expect(referralOf('动了手，已报派出所')).toBe('police');
    expect(referralOf('对方不来')).toBe('justice_office');
  });
});

describe('mediation commands in the command table', () => {
  it('parses every text form, keeping a record as typed', () => {
    expect(parseCommand('主持 #12 md-02 md-03')).toEqual({
      type: 'med_preside',
      ref: 12,
      memberCodes: ['md-02', 'md-03'],
    });
    expect(parseCommand('主持 #12')).toEqual({ type: 'med_preside', ref: 12, memberCodes: [] });
    expect(parseCommand('调查 #12 双方地界以1998年的界桩为准，')).toEqual({
      type: 'med_investigate',
      ref: 12,
      text: '双方地界以1998年的界桩为准，',
    });
    expect(parseCommand('告知 #12')).toEqual({ type: 'med_inform', ref: 12 });
    expect(parseCommand('调解 #12 在村委会调解')).toEqual({ type: 'med_session', ref: 12, text: '在村委会调解' });
    expect(parseCommand('协议 #12 退后半米')).toEqual({ type: 'med_propose', ref: 12, text: '退后半米' });
    expect(parseCommand('调解不成 #12 去法院')).toEqual({ type: 'med_fail', ref: 12, text: '去法院' });
    expect(parseCommand('回访 #12 已履行')).toEqual({ type: 'med_follow_up', ref: 12, text: '已履行' });
    expect(parseCommand('对方 #12 h-0305')).toEqual({ type: 'med_party', ref: 12, party: 'h-0305' });
    expect(parseCommand('对方 #12 张三')).toEqual({ type: 'med_party', ref: 12, party: '张三' });
    expect(parseCommand('同意 #12')).toEqual({ type: 'med_confirm', ref: 12 });
    expect(parseCommand('不同意 #12 赔得太少')).toEqual({ type: 'med_decline', ref: 12, text: '赔得太少' });
    expect(parseCommand('受理 ＃１２')).toEqual({ type: 'med_open', ref: 12 });
    expect(parseCommand('/investigate 12 notes')).toEqual({ type: 'med_investigate', ref: 12, text: 'notes' });
  });

  it('parses the buttons and gives WeChat their typed form', () => {
    expect(parseCallback('mdy:12')).toEqual({ type: 'med_confirm', ref: 12 });
    expect(parseCallback('mdq:12')).toEqual({ type: 'med_investigate', ref: 12, text: '' });
    expect(parseCallback('mdq:0')).toBeNull();
    expect(parseCallback('mdz:12')).toBeNull();
    const arg = { note: '内容', resolve: '原因', member: '成员编号' };
    expect(textFormOfButton({ label: '同意', data: 'mdy:12' }, true, arg)).toBe('同意 #12');
    expect(textFormOfButton({ label: '调查', data: 'mdq:12' }, true, arg)).toBe('调查 #12 内容');
  });
});
