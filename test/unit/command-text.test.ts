import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/commands.js';

describe('free text inside commands keeps the person’s own characters', () => {
  it.each([
    ['备注 #12 好的，下午两点到！', { type: 'note', ref: 12, text: '好的，下午两点到！' }],
    ['备注 ＃１２ 好的，明天（周六）来。', { type: 'note', ref: 12, text: '好的，明天（周六）来。' }],
    ['办结 #7 换了灯泡；已试过。', { type: 'resolve', ref: 7, text: '换了灯泡；已试过。' }],
    ['/note 12 ok, done!', { type: 'note', ref: 12, text: 'ok, done!' }],
    ['说事 #9 结果 已协商：明年修路。', { type: 'topic_outcome', ref: 9, text: '已协商：明年修路。' }],
    ['转派 #12 ｄ－０３', { type: 'transfer', ref: 12, memberCode: 'd-03' }],
  ])('%s', (raw, cmd) => {
    expect(parseCommand(raw)).toEqual(cmd);
  });
});
