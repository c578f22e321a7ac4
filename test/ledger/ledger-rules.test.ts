import { describe, expect, it } from 'vitest';
import { parseOpen311Keys } from '../../src/config.js';
import {
  csvDocument,
  csvField,
  currentMonth,
  expandStatuses,
  monthPeriod,
  rangeBound,
  runningDeadline,
} from '../../src/domain/ledger.js';
import { georeportStatus, statusesFor } from '../../src/domain/open311.js';
import { requestStatuses } from '../../src/domain/request.machine.js';
import { formBody } from '../../src/routes/open311/open311.form.js';

describe('ledger rules', () => {
  it('quotes CSV fields by RFC 4180 only when needed, doubling quotes', () => {
    expect(csvField('路灯坏了')).toBe('路灯坏了');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"修好了"')).toBe('"他说""修好了"""');
    expect(csvField('一行\n两行')).toBe('"一行\n两行"');
    expect(csvField(' 前面有空格')).toBe('" 前面有空格"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    const doc = csvDocument(
      ['编号', '摘要'],
      [
        ['#1', '=HYPERLINK("x")'],
        ['#2', '😭'],
      ],
    );
    expect(doc).toBe('\uFEFF编号,摘要\r\n#1,"\'=HYPERLINK(""x"")"\r\n#2,😭\r\n');
  });

  it("reads months and date bounds in the village's time zone", () => {
    expect(monthPeriod('2026-11', 'Asia/Shanghai')).toEqual({
      from: new Date('2026-10-31T16:00:00Z'),
      to: new Date('2026-11-30T16:00:00Z'),
    });
    expect(monthPeriod('2026-12', 'Asia/Shanghai')!.to).toEqual(new Date('2026-12-31T16:00:00Z'));
    expect(monthPeriod('2026-13', 'Asia/Shanghai')).toBeNull();
    expect(currentMonth(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(rangeBound('2026-11-03', 'Asia/Shanghai', false)).toEqual(new Date('2026-11-02T16:00:00Z'));
    expect(rangeBound('2026-11-03', 'Asia/Shanghai', true)).toEqual(new Date('2026-11-03T16:00:00Z'));
    expect(rangeBound('2026-11-03T08:00:00+08:00', 'Asia/Shanghai', true)).toEqual(new Date('2026-11-03T00:00:00Z'));
    for (const bad of ['yesterday', '2026-11-03T08:00:00', '2026-02-40', ''])
      expect(rangeBound(bad, 'Asia/Shanghai', false)).toBeNull();
  });

  it('expands status=open and refuses unknown statuses', () => {
    expect(expandStatuses(['open'])).toEqual(['submitted', 'assigned', 'accepted', 'escalated', 'reopened']);
    expect(expandStatuses(['accepted', 'closed', 'accepted'])).toEqual(['accepted', 'closed']);
    expect(expandStatuses(['sleeping'])).toBe('unknown');
  });

  it('has a running deadline while someone must accept or resolve, overdue once it passed', () => {
    const now = new Date('2026-11-05T00:00:00Z');
    const accept = new Date('2026-11-04T12:00:00Z');
    const resolve = new Date('2026-11-11T00:00:00Z');
    for (const status of requestStatuses) {
      const d = runningDeadline({ status, acceptDueAt: accept, resolveDueAt: resolve }, now);
      if (status === 'accepted') expect(d).toEqual({ stage: 'resolve', due: resolve, overdue: false });
      else if (['assigned', 'escalated', 'reopened'].includes(status))
        expect(d).toEqual({ stage: 'accept', due: accept, overdue: true });
      else expect(d).toBeNull();
    }
    expect(runningDeadline({ status: 'assigned', acceptDueAt: null, resolveDueAt: null }, now)).toBeNull();
  });
});

describe('Open311 rules', () => {
  it('maps every status to open or closed, and back', () => {
    for (const s of requestStatuses) expect(statusesFor(georeportStatus(s))).toContain(s);
    expect(statusesFor('open')).toEqual(['submitted', 'assigned', 'accepted', 'escalated', 'reopened']);
    expect(georeportStatus('resolved')).toBe('closed');
  });

  it('reads GeoReport form posts with attribute[...] and repeated keys', () => {
    expect(
      formBody(
        'service_code=repair&attribute[pole]=A-17&attribute[kinds][]=a&attribute[kinds][]=b&x=1&x=2&description=%E8%B7%AF%E7%81%AF',
      ),
    ).toEqual({
      service_code: 'repair',
      description: '路灯',
      x: ['1', '2'],
      attribute: { pole: 'A-17', kinds: ['a', 'b'] },
    });
  });

  it('reads OPEN311_API_KEYS as named keys', () => {
    expect(parseOpen311Keys('county:abcdefghijklmnop1234,fms:qrstuvwxyz0123456789')).toEqual([
      { name: 'county', key: 'abcdefghijklmnop1234' },
      { name: 'fms', key: 'qrstuvwxyz0123456789' },
    ]);
    expect(parseOpen311Keys('abcdefghijklmnop1234')).toEqual([{ name: 'client1', key: 'abcdefghijklmnop1234' }]);
    expect(parseOpen311Keys(undefined)).toEqual([]);
    expect(parseOpen311Keys('county:short')).toBeNull();
  });
});
