import { cleanText } from './commands.js';
/**
 * A point a person shared from their phone's map (WeChat's location message, Telegram's location):
 * where the broken lamp or the fallen wall is. Linli serves no map tiles; it keeps the point and hands
 * out a link that opens it in the phone's own map app.
 */

/**
 * The datum the coordinates are in. WeChat (Official Account, WeCom) gives GCJ-02, the "Mars" datum
 * every map in mainland China uses; Telegram and phones' GPS give WGS-84. They differ by a few hundred
 * metres, so the link says which one it carries.
 */
export type Datum = 'gcj02' | 'wgs84';

export interface Place {
  lat: number;
  long: number;
  /** What the map called the point (WeChat's `Label`, a Telegram venue's title and address); null when it named nothing. */
  label: string | null;
  datum: Datum;
}

/** Longest place label kept. */
const MAX_LABEL = 120;

/** A place from untrusted input (an adapter's mapping, a stored payload): null unless the numbers are a point on Earth. */
export function cleanPlace(raw: unknown): Place | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'string' && v.trim() ? Number(v) : v);
  const lat = num(r.lat);
  const long = num(r.long);
  if (typeof lat !== 'number' || typeof long !== 'number' || !Number.isFinite(lat) || !Number.isFinite(long))
    return null;
  if (Math.abs(lat) > 90 || Math.abs(long) > 180) return null;
  // 0,0 is the sea off Africa: what a phone sends when it had no fix.
  if (lat === 0 && long === 0) return null;
  const label =
    typeof r.label === 'string' && r.label.trim()
      ? cleanText(r.label).replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL)
      : null;
  return { lat: round(lat), long: round(long), label: label || null, datum: r.datum === 'wgs84' ? 'wgs84' : 'gcj02' };
}

/** Six decimals: about 10 cm, more than any phone knows. */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * A link that opens the point in 高德地图 (the app when installed, its web page otherwise; both read the
 * datum from `coordinate`). Nothing about the person goes with it: only the point and its label.
 */
export function mapLink(p: Place): string {
  const q = new URLSearchParams({
    position: `${p.long},${p.lat}`,
    ...(p.label ? { name: p.label } : {}),
    coordinate: p.datum === 'wgs84' ? 'wgs84' : 'gaode',
    callnative: '1',
    src: 'linli',
  });
  return `https://uri.amap.com/marker?${q.toString()}`;
}

/**
 * The point in WGS-84, as GeoReport (Open311) and GPS tools read coordinates. GCJ-02 is WGS-84 shifted by
 * a published formula inside mainland China (none outside it); its inverse is taken by subtracting the
 * shift at the shifted point, within a few metres — closer than a phone's fix.
 */
export function toWgs84(p: Place): { lat: number; long: number } {
  if (p.datum === 'wgs84' || outOfChina(p.lat, p.long)) return { lat: p.lat, long: p.long };
  const [dLat, dLong] = gcjShift(p.lat, p.long);
  return { lat: round(p.lat - dLat), long: round(p.long - dLong) };
}

/** The other way: a GPS point as mainland maps draw it (for checking the inverse above; maps given `coordinate=wgs84` do this themselves). */
export function toGcj02(lat: number, long: number): { lat: number; long: number } {
  if (outOfChina(lat, long)) return { lat, long };
  const [dLat, dLong] = gcjShift(lat, long);
  return { lat: lat + dLat, long: long + dLong };
}

const outOfChina = (lat: number, long: number) => long < 72.004 || long > 137.8347 || lat < 0.8293 || lat > 55.8271;

/** Krasovsky 1940, the ellipsoid the formula is defined on. */
const A = 6378245.0;
const EE = 0.006693421622965943;

function gcjShift(lat: number, long: number): [number, number] {
  const x = long - 105.0;
  const y = lat - 35.0;
  let dLat =
    -100.0 +
    2.0 * x +
    3.0 * y +
    0.2 * y * y +
    0.1 * x * y +
    0.2 * Math.sqrt(Math.abs(x)) +
    ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0 +
    ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0 +
    ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLong =
    300.0 +
    x +
    2.0 * y +
    0.1 * x * x +
    0.1 * x * y +
    0.1 * Math.sqrt(Math.abs(x)) +
    ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0 +
    ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0 +
    ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLong = (dLong * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLat, dLong];
}
