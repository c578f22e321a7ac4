import type { Db } from '../data/database.js';
import {
  type CareAlertStage,
  claimCareAlert,
  dueCareHouseholds,
  type DueCareHousehold,
  householdAccounts,
} from '../data/care.repository.js';
import { addExpectations } from '../data/expectations.repository.js';
import { activeMembers, memberName, villageById } from '../data/people.repository.js';
import { careGraceMs, careTownAfterMs, checkinWaitMs } from '../domain/care.js';
import { expectedAnswers } from '../domain/expectations.js';
import { shortGroupName } from '../domain/people.resolve.js';
import { escalationTarget, groupHandler, secretaryOf } from '../domain/routing.js';
import { eventContext, sendToMember } from '../messaging/send.js';
import type { Texts } from '../texts/index.js';

/** When each step of a due visit falls due; `checkin` only where the village allows it (its task then waits a day for the answer). */
function stepsDue(h: DueCareHousehold): { stage: CareAlertStage; at: Date }[] {
  const due = h.due.getTime();
  const checkin = h.checkinAllowed && !h.steps.task ? [{ stage: 'checkin' as const, at: new Date(due) }] : [];
  const asked = h.steps.checkin ? h.steps.checkin.getTime() + checkinWaitMs : null;
  return [
    ...checkin,
    { stage: 'task', at: new Date(asked ?? (h.checkinAllowed ? due + checkinWaitMs : due)) },
    { stage: 'escalated', at: new Date(due + careGraceMs) },
    { stage: 'town', at: new Date(due + careGraceMs + careTownAfterMs) },
  ];
}

/**
 * 未诉先办: a care household whose visit is due gives its group leader (the deputy when the leader is away) a
 * visit task — or, where the village allows it, first a check-in to the household's own accounts, whose answer
 * counts as the visit, the task following a day later when none came. One still not visited two days after it
 * was due goes to the secretary, as a missed deadline does, and two days after that to the town contact. Each step
 * is claimed once per due visit (care_alerts), so two instances ticking together send it once; the SQL leaves out
 * households with every step taken, and a household with no step to take now opens no transaction.
 */
export async function sweepCareVisits(db: Db, now: Date): Promise<number> {
  let done = 0;
  for (const h of await dueCareHouseholds(db, now)) {
    const pending = stepsDue(h).filter((s) => s.at <= now && !h.steps[s.stage]);
    if (!pending.length) continue;
    done += await db.transaction(async (tx) => {
      const ctx = eventContext(tx, now);
      const members = await activeMembers(tx, h.villageId);
      const leader = groupHandler({ group: { leaderId: h.leaderId, deputyId: h.deputyId }, members });
      const shown = (t: Texts) =>
        t.people.household({ head: h.head, address: h.address, group: shortGroupName(h.groupName) });
      const dueText = (t: Texts) => t.format.due(h.due, h.timezone);
      const leaderName = await memberName(tx, leader);
      let n = 0;
      let askedNow = false;
      for (const { stage } of pending) {
        if (stage === 'checkin') {
          const accounts = await householdAccounts(tx, h.id);
          // No account to ask: the leader's task is due now, as where check-ins are not allowed.
          if (!accounts.length) {
            if (
              await claimCareAlert(tx, { householdId: h.id, dueAt: h.due, stage: 'task', memberId: leader, at: now })
            ) {
              if (leader !== null) await sendTask(leader, false);
              n++;
            }
            continue;
          }
          if (
            !(await claimCareAlert(tx, { householdId: h.id, dueAt: h.due, stage: 'checkin', memberId: null, at: now }))
          )
            continue;
          for (const to of accounts) await ctx.send(to, (t) => ({ text: t.care.checkin(h.head, leaderName) }));
          await addExpectations(
            tx,
            {
              householdIds: [h.id],
              kind: 'care_checkin',
              scope: h.id,
              answers: expectedAnswers.careCheckin(h.id),
              expiresAt: new Date(now.getTime() + checkinWaitMs),
            },
            now,
          );
          askedNow = true;
          n++;
        } else if (stage === 'task') {
          // Asked just now (the sweep was away a while): the answer still gets its day.
          if (askedNow) continue;
          if (!(await claimCareAlert(tx, { householdId: h.id, dueAt: h.due, stage, memberId: leader, at: now })))
            continue;
          if (leader !== null) await sendTask(leader, Boolean(h.steps.checkin));
          n++;
        } else if (stage === 'escalated') {
          if (!(await claimCareAlert(tx, { householdId: h.id, dueAt: h.due, stage, memberId: leader, at: now })))
            continue;
          const secretary = secretaryOf(members);
          if (secretary !== null) {
            await sendToMember(ctx, secretary, (t) => ({
              text: t.care.visitOverdue(shown(t), t.care.reason[h.reason], leaderName, dueText(t)),
            }));
          }
          if (leader !== null && leader !== secretary)
            await sendToMember(ctx, leader, (t) => ({ text: t.care.visitOverdueToLeader(shown(t)) }));
          n++;
        } else {
          // Beyond the secretary, as a request's deadline goes: the village's town contact.
          const town = escalationTarget(members, 1, null)?.to ?? null;
          if (!(await claimCareAlert(tx, { householdId: h.id, dueAt: h.due, stage, memberId: town, at: now })))
            continue;
          const village = await villageById(tx, h.villageId);
          if (town !== null) {
            await sendToMember(ctx, town, (t) => ({
              text: t.care.visitOverdueToTown(
                village?.name ?? '',
                shown(t),
                t.care.reason[h.reason],
                leaderName,
                dueText(t),
              ),
            }));
          }
          n++;
        }
      }
      return n;

      async function sendTask(to: number, unanswered: boolean) {
        await sendToMember(ctx, to, (t) => ({
          text: t.care.visitTask(
            shown(t),
            t.care.reason[h.reason],
            h.lastVisit ? t.format.due(h.lastVisit, h.timezone) : null,
            dueText(t),
            t.care.visitForm(h.address ?? h.head, ''),
            unanswered,
          ),
        }));
      }
    });
  }
  return done;
}
