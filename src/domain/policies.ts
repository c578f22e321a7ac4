import { defaultIdentityPolicy, type IdentityPolicy } from './binding.js';
import { defaultSla, type SlaPolicy } from './deadlines.js';
import { defaultUploadPolicy, type UploadPolicy } from './media.js';

/**
 * What one deployment decides, in one object handed from src/app.ts to whatever needs it (the chat's turns,
 * the tick's sweeps, the routes): response windows, binding throttles and the household account limit, the web
 * chat's uploads. The fixed windows of the village's practice are in policy.ts.
 */
export interface Policies {
  /** Response windows; the defaults follow the county practice in DOMAIN.md. */
  sla: SlaPolicy;
  /** Binding throttles, the household account limit, whether the demo village's codes bind. */
  identity: IdentityPolicy;
  /** What the web chat takes as an upload, and for how long it is kept unclaimed. */
  uploads: UploadPolicy;
}

export const defaultPolicies: Policies = {
  sla: defaultSla,
  identity: defaultIdentityPolicy,
  uploads: defaultUploadPolicy,
};
