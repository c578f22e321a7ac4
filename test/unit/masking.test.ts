import { describe, expect, it } from 'vitest';
import { maskPersonalNumbers } from '../../src/domain/masking.js';

describe('maskPersonalNumbers', () => {
  it('keeps the first 3 and last 4 digits of a mainland mobile number', () => {
    expect(maskPersonalNumbers('俺家电话13812345678，来之前打一下')).toBe('俺家电话138****5678，来之前打一下');
    expect(maskPersonalNumbers('call 19987654321 please')).toBe('call 199****4321 please');
    expect(maskPersonalNumbers('138 1234 5678 / 138-1234-5678')).toBe('138 **** 5678 / 138-****-5678');
    expect(maskPersonalNumbers('+8613812345678 或 86 13812345678')).toBe('+86138****5678 或 86 138****5678');
    expect(maskPersonalNumbers('全角１３８１２３４５６７８')).toBe('全角１３８****５６７８');
  });

  it('keeps the first 6 and last 4 characters of an 18-character resident ID', () => {
    expect(maskPersonalNumbers('身份证130427199001011234办低保')).toBe('身份证130427********1234办低保');
    expect(maskPersonalNumbers('ID 13042719900101123X.')).toBe('ID 130427********123X.');
    expect(maskPersonalNumbers('13042719900101123x')).toBe('130427********123x');
  });

  it('masks every number in a text and leaves the rest as written', () => {
    expect(maskPersonalNumbers('张三13812345678，李四15900001111，身份证130427199001011234')).toBe(
      '张三138****5678，李四159****1111，身份证130427********1234',
    );
  });

  it('leaves numbers that are neither alone', () => {
    const untouched = [
      '三组12号门口的电线冒火花了',
      '编号 #1024',
      '12812345678', // 12x is not a mobile prefix
      '1381234567', // 10 digits
      '138123456789', // 12 digits: part of something longer
      '0310-5123456', // a landline
      '1304271990010112', // 16 digits
      '1304271990010112345', // 19 digits
      '2026年11月21日 20:00',
    ];
    for (const text of untouched) expect(maskPersonalNumbers(text)).toBe(text);
    expect(maskPersonalNumbers('')).toBe('');
  });
});
