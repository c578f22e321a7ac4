import { randomBytes } from 'node:crypto';
import type { Db } from '../data/database.js';
import { clientIdentity, householdByCode, residentNamed, unattachedHousehold } from '../data/open311.repository.js';
import type { VillageRow } from '../data/people.repository.js';
import { type RequestRow, updateRequest } from '../data/requests.repository.js';
import type { InboundMessage } from '../channels/channel.port.js';
import { defaultIdentityPolicy } from '../domain/binding.js';
import type { Classifier } from '../domain/classification.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { AppError } from '../domain/errors.js';
import type { ServiceCode } from '../domain/open311.js';
import { cleanPlace } from '../domain/place.js';
import { eventContext } from '../messaging/send.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { createRequest } from '../requests/create-request.js';
import { textsFor } from '../texts/index.js';

/** A GeoReport v2 POST, as read from the form. */
export interface Open311Post {
  client: string;
  village: VillageRow;
  serviceCode: ServiceCode;
  description: string;
  /** The household: `account_id` (the submitter's household) or `address_id` (where it is), by household code. */
  accountId?: string | undefined;
  addressId?: string | undefined;
  addressString?: string | undefined;
  lat?: number | undefined;
  long?: number | undefined;
  mediaUrl?: string | undefined;
  attributes: Record<string, string | string[]>;
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  deviceId?: string | undefined;
}

export interface Filed {
  request: RequestRow;
  token: string;
  /** The receipt a resident would have got: what happens next, for GeoReport's service_notice. */
  notice: string;
  accountId: string | null;
}

/**
 * Files a request from another system exactly as if the household had written it in chat: the same
 * classifier fills in the summary, urgency and place (the kind is the service code the client chose),
 * the same routing, task cards and ledger. A report naming no household goes under the village's
 * unattached household, whose group has no leader: the secretary gets it.
 */
export async function fileOpen311Request(
  db: Db,
  deps: { classifier: Classifier; sla: SlaPolicy; now: Date },
  post: Open311Post,
): Promise<Filed> {
  const understood = await deps.classifier.classify(post.description);
  const t = textsFor('zh');
  return db.transaction(async (tx) => {
    const now = deps.now;
    const named = post.accountId ?? post.addressId;
    const household = named
      ? await householdByCode(tx, post.village.id, named)
      : await unattachedHousehold(tx, post.village.id, t.ledger.open311.unattached);
    if (!household) {
      throw new AppError('validation.failed', t.ledger.open311.errors.unknownAddress(named!), {
        field: post.accountId ? 'account_id' : 'address_id',
      });
    }
    const identity = await clientIdentity(tx, post.client, now);
    const name = [post.lastName, post.firstName].filter(Boolean).join('') || t.ledger.open311.reporter(post.client);
    const residentId = await residentNamed(tx, household.id, name, now);
    const token = randomBytes(12).toString('base64url');
    const msg: InboundMessage = {
      platform: identity.platform,
      messageId: `open311:${token}`,
      userId: identity.platformUserId,
      chatId: identity.address,
      chatType: 'private',
      displayName: identity.displayName,
      language: 'zh',
      text: post.description,
      action: null,
      unsupported: null,
      source: null,
      receivedAt: now.toISOString(),
      // GeoReport's lat/long are WGS-84: the request keeps them as its place, so the card and 查 link the map.
      location: cleanPlace({ lat: post.lat, long: post.long, label: post.addressString ?? null, datum: 'wgs84' }),
    };
    let notice = '';
    const turn: ResidentTurn = {
      ...eventContext(tx, now),
      tx,
      msg,
      t,
      sla: deps.sla,
      identity: defaultIdentityPolicy,
      actor: { kind: 'resident', identity, residentId, household, village: post.village },
      // The client is answered by the HTTP response: the receipt becomes its service_notice.
      reply: async (text) => {
        if (!notice) notice = text;
      },
      replyInChat: async () => {},
      // Its sends (eventContext's) go straight to the outbox: nothing is held.
      queued: () => [],
    };
    const c = { ...understood, kind: post.serviceCode, location: understood.location ?? post.addressString ?? null };
    let request = await createRequest(turn, post.description, c);
    request = await updateRequest(tx, request.ref, {
      details: {
        ...request.details,
        open311: {
          client: post.client,
          token,
          address_string: post.addressString ?? null,
          address_id: post.addressId ?? null,
          account_id: post.accountId ?? null,
          lat: post.lat ?? null,
          long: post.long ?? null,
          media_url: post.mediaUrl ?? null,
          attributes: post.attributes,
          first_name: post.firstName ?? null,
          last_name: post.lastName ?? null,
          email: post.email ?? null,
          phone: post.phone ?? null,
          device_id: post.deviceId ?? null,
        },
      },
    });
    return { request, token, notice, accountId: post.accountId ?? null };
  });
}
