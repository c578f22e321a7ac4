/** Binding-code guessing is throttled: a few typos are fine, a scan of the code space is not. */
export const BIND_MAX_FAILURES = 5;
export const BIND_WINDOW_MS = 60 * 60 * 1000;

export function isValidBindCodeShape(code: string): boolean {
  return /^[0-9A-Za-z]{4,16}$/.test(code);
}

export interface BindLock {
  locked: boolean;
  /** When the oldest failure in the window expires and one more try is allowed. */
  retryAt: Date | null;
}

export function bindLock(failures: readonly Date[], now: Date): BindLock {
  const windowStart = now.getTime() - BIND_WINDOW_MS;
  const recent = failures.map((d) => d.getTime()).filter((t) => t > windowStart).sort((a, b) => a - b);
  if (recent.length < BIND_MAX_FAILURES) return { locked: false, retryAt: null };
  const oldestCounting = recent[recent.length - BIND_MAX_FAILURES]!;
  return { locked: true, retryAt: new Date(oldestCounting + BIND_WINDOW_MS) };
}
