import type { Db } from '../data/database.js';
import { careHouseholds, claimCareAlert } from '../data/care.repository.js';
import { activeMembers, memberName } from '../data/people.repository.js';
import { careStanding, nextVisitDue } from '../domain/care.js';
import { shortGroupName } from '../domain/people.resolve.js';
import { groupHandler, secretaryOf } from '../domain/routing.js';
import { eventContext, sendToMember } from '../messaging/send.js';
import type { Texts } from '../texts/index.js';

/**
 * 未诉先办: a care household whose visit is due gives its group leader (the deputy when the leader is away) a
 * visit task; one still not visited two days after it was due goes to the secretary, as a missed deadline
 * does. Each step is claimed once per due visit (care_alerts), so two instances ticking together send it once.
 */
export async function sweepCareVisits(db: Db, now: Date): Promise<number> {
  let done = 0;
  for (const h of await careHouseholds(db)) {
    const due = nextVisitDue(h.reason, h.cadence, h.lastVisit, h.careSince);
    const standing = careStanding(due, now);
    if (standing === 'ok') continue;
    done += await db.transaction(async (tx) => {
      const ctx = eventContext(tx, now);
      const members = await activeMembers(tx, h.villageId);
      const leader = groupHandler({ group: { leaderId: h.leaderId, deputyId: h.deputyId }, members });
      const shown = (t: Texts) => t.people.household({ head: h.head, address: h.address, group: shortGroupName(h.groupName) });
      const dueText = (t: Texts) => t.format.due(due, h.timezone);
      let n = 0;
      if (await claimCareAlert(tx, { householdId: h.id, dueAt: due, stage: 'task', memberId: leader, at: now })) {
        if (leader !== null) {
          await sendToMember(ctx, leader, (t) => ({
            text: t.care.visitTask(shown(t), t.care.reason[h.reason], h.lastVisit ? t.format.due(h.lastVisit, h.timezone) : null, dueText(t),
              t.care.visitForm(h.address ?? h.head, '')),
          }));
        }
        n++;
      }
      if (standing === 'overdue' && await claimCareAlert(tx, { householdId: h.id, dueAt: due, stage: 'escalated', memberId: leader, at: now })) {
        const secretary = secretaryOf(members);
        const leaderName = await memberName(tx, leader);
        if (secretary !== null) {
          await sendToMember(ctx, secretary, (t) => ({ text: t.care.visitOverdue(shown(t), t.care.reason[h.reason], leaderName, dueText(t)) }));
        }
        if (leader !== null && leader !== secretary) await sendToMember(ctx, leader, (t) => ({ text: t.care.visitOverdueToLeader(shown(t)) }));
        n++;
      }
      return n;
    });
  }
  return done;
}
