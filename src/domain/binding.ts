/**
 * Binding-code guessing is throttled on four levels, so that a new account or a new browser cookie does
 * not reset the count: per account (a few typos are fine), per source (the network address a web
 * client comes from), per network range around it (a scan from many neighbouring addresses), and, as a
 * last resort only, across the whole deployment (a scan from addresses everywhere).
 */
export const BIND_MAX_FAILURES = 5;
export const BIND_WINDOW_MS = 60 * 60 * 1000;

/** The limits of binding, from the configuration (LINLI_BIND_PER_SOURCE, LINLI_BIND_PER_RANGE, LINLI_BIND_DEPLOYMENT_SPIKE, LINLI_HOUSEHOLD_MAX_ACCOUNTS). */
export interface IdentityPolicy {
  /** Wrong codes one account may send in `accountWindowMs` before it waits. */
  perAccount: number;
  accountWindowMs: number;
  /** Wrong codes from one source (any number of accounts) in `sourceWindowMs` before that source waits. */
  perSource: number;
  sourceWindowMs: number;
  /** Wrong codes from one network range (`sourceRange`) in `sourceWindowMs` before every source of it waits. */
  perRange: number;
  /** Wrong codes deployment-wide in `spikeWindowMs` after which binding from the web waits for everyone: far above what one range may send. */
  deploymentSpike: number;
  spikeWindowMs: number;
  /** Accounts (any platform) one household may have bound at once. */
  householdMaxAccounts: number;
  /** Whether the demo village's codes bind (demo mode only: they are public, so otherwise they bind nobody). */
  demoCodes?: boolean;
}

export const defaultIdentityPolicy: IdentityPolicy = {
  perAccount: BIND_MAX_FAILURES,
  accountWindowMs: BIND_WINDOW_MS,
  perSource: 10,
  sourceWindowMs: 10 * 60 * 1000,
  perRange: 30,
  deploymentSpike: 2000,
  spikeWindowMs: 10 * 60 * 1000,
  householdMaxAccounts: 5,
};

export function isValidBindCodeShape(code: string): boolean {
  return /^[0-9A-Za-z]{4,16}$/.test(code);
}

export interface BindLock {
  locked: boolean;
  /** When the oldest failure in the window expires and one more try is allowed. */
  retryAt: Date | null;
}

/** Locked once `max` failures fall within the window ending now; it lifts when the oldest of those leaves it. */
export function bindLock(
  failures: readonly Date[],
  now: Date,
  max = BIND_MAX_FAILURES,
  windowMs = BIND_WINDOW_MS,
): BindLock {
  const windowStart = now.getTime() - windowMs;
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => a - b);
  if (recent.length < max) return { locked: false, retryAt: null };
  const oldestCounting = recent[recent.length - max]!;
  return { locked: true, retryAt: new Date(oldestCounting + windowMs) };
}

/** The wrong codes that count for one attempt: this account's, this source's, and the deployment's. */
export interface BindFailures {
  account: readonly Date[];
  /** Empty when the message has no source (Telegram, WeChat: the platform vouches for the account). */
  source: readonly Date[];
  /** The source's network range's; none without a source or when the source is not an address. */
  range?: readonly Date[];
  deployment: readonly Date[];
}

export type BindVerdict =
  | { allowed: true; /** Wrong codes this account and source may still send before waiting. */ left: number }
  | { allowed: false; why: 'account' | 'source' | 'range' | 'spike'; retryAt: Date };

/**
 * Whether an attempt on `platform` counts against, and waits for, the deployment-wide spike: one with a
 * source (the web: a cookie costs nothing), and one through the Official Account, which has no source
 * (WeChat's servers post every push) and whose openids cost little to make — with a signature at hand,
 * any FromUserName could be posted, and 8 made-up openids had 40 guesses. Telegram, personal WeChat and
 * WeCom accounts cost an attacker more.
 */
export function countsDeploymentWide(platform: string, hasSource: boolean): boolean {
  return hasSource || platform === 'wechat-mp';
}

/**
 * Whether a binding attempt is evaluated at all. A waiting account, source or range is refused even the
 * right code, so that guessing cannot be confirmed by a success. A deployment-wide spike stops binding only
 * for attempts that count deployment-wide (`countsDeploymentWide`).
 */
export function bindVerdict(
  f: BindFailures,
  hasSource: boolean,
  now: Date,
  p: IdentityPolicy = defaultIdentityPolicy,
  deploymentWide = hasSource,
): BindVerdict {
  const account = bindLock(f.account, now, p.perAccount, p.accountWindowMs);
  if (account.locked) return { allowed: false, why: 'account', retryAt: account.retryAt! };
  if (hasSource) {
    const source = bindLock(f.source, now, p.perSource, p.sourceWindowMs);
    if (source.locked) return { allowed: false, why: 'source', retryAt: source.retryAt! };
    const range = bindLock(f.range ?? [], now, p.perRange, p.sourceWindowMs);
    if (range.locked) return { allowed: false, why: 'range', retryAt: range.retryAt! };
  }
  if (deploymentWide) {
    const spike = bindLock(f.deployment, now, p.deploymentSpike, p.spikeWindowMs);
    if (spike.locked) return { allowed: false, why: 'spike', retryAt: spike.retryAt! };
  }
  const inWindow = (ds: readonly Date[], ms: number) => ds.filter((d) => d.getTime() > now.getTime() - ms).length;
  const left = Math.min(
    p.perAccount - inWindow(f.account, p.accountWindowMs),
    hasSource ? p.perSource - inWindow(f.source, p.sourceWindowMs) : Number.POSITIVE_INFINITY,
  );
  return { allowed: true, left };
}

/** After one more wrong code: how many are left, or which lock it set off and when it lifts. */
export function afterWrongCode(
  f: BindFailures,
  hasSource: boolean,
  now: Date,
  p: IdentityPolicy = defaultIdentityPolicy,
): { left: number } | { why: 'account' | 'source'; retryAt: Date } {
  // The spike is everyone's: what this person hears is about their own account and network.
  const withThis = {
    account: [...f.account, now],
    source: hasSource ? [...f.source, now] : [],
    range: hasSource ? [...(f.range ?? []), now] : [],
    deployment: [],
  };
  const v = bindVerdict(withThis, hasSource, now, p);
  if (v.allowed) return { left: v.left };
  return { why: v.why === 'account' ? 'account' : 'source', retryAt: v.retryAt };
}

/**
 * The key wrong codes are counted under for a network address: an IPv4 address as it is, an IPv6 address
 * by its /64 (one subscriber gets a whole /64, so counting single addresses would count nothing).
 * Anything else is returned unchanged.
 */
export function sourceKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, '') || '0')
    .join(':')}::/64`;
}

/**
 * The network range a source key belongs to, as the prefix its keys share: an IPv4 address's /24
 * (`203.0.113.`), an IPv6 /64's /48 (`2001:db8:1:`); null for anything else. A range is what one
 * attacker usually holds, and far less than the deployment's residents share.
 */
export function sourceRange(source: string): string | null {
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.)\d{1,3}$/.exec(source);
  if (v4) return v4[1]!;
  const v6 = /^([0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:)[0-9a-f]{1,4}::\/64$/.exec(source);
  return v6 ? v6[1]! : null;
}
