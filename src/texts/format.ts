import { localParts } from '../domain/local-time.js';

/** Pieces both languages write the same way. */
export const pad = (n: number): string => String(n).padStart(2, '0');
export const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);
export const clockTime = (at: Date, tz: string): string => {
  const p = localParts(at, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
};
