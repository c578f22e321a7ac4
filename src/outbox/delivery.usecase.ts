import type { DeliveryReport } from '../channels/adapter.js';
import type { DbOrTx } from '../data/database.js';
import { recordDelivery } from '../data/outbox.repository.js';
import type { Log } from '../log.js';

/**
 * WeChat's report of a template message (TEMPLATESENDJOBFINISH): kept on the outbox row it reports, so
 * the desk's request page can say whether the resident got the news or refused it (`failed:user block`).
 */
export function deliveryRecorder(db: DbOrTx, log: Log): DeliveryReport {
  return async (platform, platformMsgId, status) => {
    const found = await recordDelivery(db, platform, platformMsgId, status);
    // The msgid is WeChat's number, not a person's; the status is one of WeChat's few words.
    if (!found) log.info({ platform, platformMsgId }, 'delivery report for a message this service does not know');
    else if (status !== 'success') log.warn({ platform, platformMsgId, status }, 'template message not delivered');
  };
}
