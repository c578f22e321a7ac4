import { describe, expect, it } from 'vitest';
import { safetyTopicsOf } from '../../src/domain/safety.js';

describe('safety advice for an urgent danger', () => {
  it.each([
    ['厨房里有煤气味，很浓', ['gas']],
    ['燃气灶那儿一股味儿', ['gas']],
    ['There is a strong smell of gas in my kitchen', ['gas']],
    ['后院柴火垛着火了', ['fire']],
    ['村口电线杆上的电线冒火花了', ['electricity']],
    ['屋里插座漏电，电了一下', ['electricity']],
    ['老房子的墙裂了要塌了', ['collapse']],
    ['村东头塌方了，路堵了', ['collapse']],
    ['邻居家孩子掉进水塘里了', ['person']],
    ['隔壁老人晕倒了叫不醒', ['person']],
    ['电线着火了，冒烟', ['fire', 'electricity']],
    ['我家老人摔倒了起不来', ['person']],
    ['俺爹走丢了', ['person']],
    ['孩子发高烧抽搐', ['person']],
  ])('%s', (text, topics) => {
    expect(safetyTopicsOf(text)).toEqual(topics);
  });

  it('finds nothing in an ordinary report', () => {
    for (const text of ['俺家壁挂炉坏了', '院里的自来水管冻裂了', '门口的路灯不亮了', '邻居欠钱不还'])
      expect(safetyTopicsOf(text)).toEqual([]);
  });
});
