import type { AdoptIdentity } from '../channels/adapter.js';
import type { DbOrTx } from '../data/database.js';
import { identityOf } from '../data/identities.repository.js';
import { upsertIdentity } from '../data/people.repository.js';
import type { Clock } from '../domain/clock.js';

/**
 * A web page opened inside WeChat through web authorization is the person's Official Account identity:
 * the web account takes the binding of the account WeChat vouched for (its openid), so no code is typed
 * twice. Nothing is taken from a stranger's account: an unbound or revoked one adopts nothing.
 */
export function identityAdopter(db: DbOrTx, clock: Clock): AdoptIdentity {
  return async (from, to) => {
    const source = await identityOf(db, from.platform, from.userId);
    if (!source || source.revokedAt || (source.residentId === null && source.memberId === null)) return false;
    const now = clock.now();
    await upsertIdentity(db, {
      platform: to.platform,
      platformUserId: to.userId,
      address: to.userId,
      displayName: source.displayName,
      language: source.language,
      residentId: source.residentId,
      memberId: source.memberId,
      boundAt: now,
      lastSeenAt: now,
      boundWithCode: source.boundWithCode,
      confirmedAt: source.confirmedAt,
      revokedAt: null,
      adoptedFrom: source.id,
    });
    return true;
  };
}
