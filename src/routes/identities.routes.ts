import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { identityById, revokeIdentity, villageIdentities } from '../data/identities.repository.js';
import { villageByCode } from '../data/people.repository.js';
import { AppError } from '../domain/errors.js';
import type { RouteContext } from './route.context.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One bound account as the admin sees it: who it speaks for and its state; never the platform's user id or chat address. */
const identityView = z.object({
  id: z.number().int(),
  platform: z.string(),
  kind: z.enum(['resident', 'member']),
  household: z.string().nullable(),
  member: z.string().nullable(),
  displayName: z.string().nullable(),
  boundAt: z.string(),
  lastSeenAt: z.string(),
  confirmed: z.boolean(),
  confirmedAt: z.string().nullable(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
});

/** For the secretary's operator: which accounts speak for the village's households and members, and unbinding one. */
export function identitiesRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/villages/:code/identities',
    {
      schema: {
        summary: "The village's bound chat accounts: platform, household or member, confirmed, revoked",
        security: [{ bearer: [] }],
        params: z.object({ code: z.string().min(1).max(64) }),
        response: { 200: z.object({ village: z.string(), identities: z.array(identityView) }) },
      },
    },
    async (req) => {
      const village = await villageByCode(db, req.params.code);
      if (!village) throw new AppError('village.not_found', `village ${req.params.code} not found`);
      const rows = await villageIdentities(db, village.id);
      return {
        village: village.code,
        identities: rows.map((r) => ({
          id: r.id,
          platform: r.platform,
          kind: r.kind,
          household: r.household,
          member: r.member,
          displayName: r.displayName,
          boundAt: r.boundAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
          // A resident's account speaks for the household once bound; a member's once confirmed.
          confirmed: r.revokedAt === null && (r.kind === 'resident' || r.confirmedAt !== null),
          confirmedAt: iso(r.confirmedAt),
          revoked: r.revokedAt !== null,
          revokedAt: iso(r.revokedAt),
        })),
      };
    },
  );

  api.post(
    '/api/v1/identities/:id/revoke',
    {
      schema: {
        summary: 'Unbind a chat account: its next message is answered as a stranger (asked for a card code)',
        security: [{ bearer: [] }],
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: {
          200: z.object({
            id: z.number().int(),
            revoked: z.literal(true),
            revokedAt: z.string(),
            alreadyRevoked: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const identity = await identityById(db, req.params.id);
      if (!identity) throw new AppError('identity.not_found', `identity ${req.params.id} not found`);
      if (identity.revokedAt)
        return {
          id: identity.id,
          revoked: true as const,
          revokedAt: identity.revokedAt.toISOString(),
          alreadyRevoked: true,
        };
      const now = clock.now();
      const revoked = await db.transaction((tx) => revokeIdentity(tx, identity.id, now, 'admin'));
      return {
        id: identity.id,
        revoked: true as const,
        revokedAt: (revoked?.revokedAt ?? now).toISOString(),
        alreadyRevoked: revoked === null,
      };
    },
  );
}
