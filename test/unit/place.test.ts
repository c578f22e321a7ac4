import { describe, expect, it } from 'vitest';
import { cleanPlace, mapLink, toGcj02, toWgs84 } from '../../src/domain/place.js';

describe('places shared from the map', () => {
  it('keeps a point on Earth from strings or numbers, and refuses what is none', () => {
    expect(cleanPlace({ lat: '36.3512345678', long: '114.381', label: '  村口\n 小桥 ', datum: 'gcj02' })).toEqual({
      lat: 36.351235,
      long: 114.381,
      label: '村口 小桥',
      datum: 'gcj02',
    });
    for (const bad of [
      { lat: 91, long: 1 },
      { lat: 1, long: 181 },
      { lat: 0, long: 0 },
      { lat: '', long: '114' },
      { lat: 'x', long: 1 },
      null,
      'x',
      { lat: Infinity, long: 1 },
    ]) {
      expect(cleanPlace(bad)).toBeNull();
    }
  });

  it('the map link opens the point in 高德地图, naming its datum, and carries nothing but the point and its label', () => {
    const link = new URL(mapLink({ lat: 36.35, long: 114.38, label: '村口 & 小桥', datum: 'wgs84' }));
    expect(link.origin + link.pathname).toBe('https://uri.amap.com/marker');
    expect(Object.fromEntries(link.searchParams)).toEqual({
      position: '114.38,36.35',
      name: '村口 & 小桥',
      coordinate: 'wgs84',
      callnative: '1',
      src: 'linli',
    });
    expect(
      new URL(mapLink({ lat: 36.35, long: 114.38, label: null, datum: 'gcj02' })).searchParams.get('coordinate'),
    ).toBe('gaode');
  });

  it("Open311's WGS-84 from WeChat's GCJ-02: shifted back by hundreds of metres, within a metre of the inverse; outside China unchanged", () => {
    const gcj = { lat: 36.351234, long: 114.381234 };
    const wgs = toWgs84({ ...gcj, label: null, datum: 'gcj02' });
    expect(Math.abs(wgs.long - gcj.long) + Math.abs(wgs.lat - gcj.lat)).toBeGreaterThan(0.003);
    const back = toGcj02(wgs.lat, wgs.long);
    expect(Math.abs(back.lat - gcj.lat)).toBeLessThan(1e-5);
    expect(Math.abs(back.long - gcj.long)).toBeLessThan(1e-5);
    expect(toWgs84({ lat: 48.85, long: 2.35, label: null, datum: 'gcj02' })).toEqual({ lat: 48.85, long: 2.35 });
    expect(toWgs84({ ...gcj, label: null, datum: 'wgs84' })).toEqual(gcj);
  });
});
