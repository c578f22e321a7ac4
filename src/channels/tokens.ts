/**
 * Access tokens of platform APIs (the Official Account's access_token, WeCom's) are kept in the
 * database, so every instance of the service shares one token and one refresh: WeChat allows a few
 * thousand token calls a day, and a new token ends the old one within minutes.
 */
export interface FreshToken {
  value: string;
  /** Seconds the platform says the token lives (`expires_in`). */
  expiresInSec: number;
}

export interface TokenInfo {
  key: string;
  fetchedAt: Date;
  expiresAt: Date;
}

export interface PlatformTokenStore {
  /**
   * The cached token for `key` while it has more than a margin of life left; otherwise `refresh` is
   * called by exactly one instance (the others wait for it and read its result) and the new token stored.
   */
  get(key: string, refresh: () => Promise<FreshToken>): Promise<string>;
  /** The platform refused `value` (40001, 42001, 40014): the next `get` fetches a new one, unless another caller already did. */
  invalidate(key: string, value: string): Promise<void>;
  /** When the token was fetched and until when it lives (for GET /api/v1/channels); null before the first. */
  info(key: string): Promise<TokenInfo | null>;
}
