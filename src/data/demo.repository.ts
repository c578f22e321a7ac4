import { asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { villages } from '../../db/schema.js';
import { announceRosterChange } from './roster.cache.js';

/** The villages marked as the demo (their codes are public), by code. */
export async function demoVillages(db: DbOrTx): Promise<{ id: number; code: string; name: string }[]> {
  return db.select({ id: villages.id, code: villages.code, name: villages.name }).from(villages).where(eq(villages.isDemo, true)).orderBy(asc(villages.id));
}

export interface RemovedVillage { village: string; households: number; members: number; accounts: number; requests: number }

const n = async (tx: Tx, query: ReturnType<typeof sql>) => Number(rowsOf<{ n: unknown }>(await tx.execute(query))[0]?.n ?? 0);

/**
 * Deletes every demo village and everything of it, in one transaction: its requests with their events,
 * followers and attachments, mediation cases, deliberations, notices, say-things sessions, reports, groups
 * (with their chat links and robots), households and residents, members, and the accounts bound to them
 * (with their drafts, binding requests, QR tokens and desk sessions). The desk's audit log is kept.
 * Nothing references a village without a foreign key but mediation cases (by id), removed here too.
 */
export async function removeDemoVillages(db: Db): Promise<RemovedVillage[]> {
  return db.transaction(async (tx) => {
    const removed: RemovedVillage[] = [];
    for (const v of await demoVillages(tx)) {
      const id = v.id;
      const M = sql`(select id from members where village_id = ${id})`;
      const G = sql`(select id from groups where village_id = ${id})`;
      const H = sql`(select id from households where village_id = ${id})`;
      const R = sql`(select id from residents where household_id in ${H})`;
      const I = sql`(select id from identities where member_id in ${M} or resident_id in ${R})`;
      const Q = sql`(select ref from requests where village_id = ${id} or household_id in ${H} or assignee_id in ${M} or origin_identity_id in ${I})`;
      const C = sql`(select id from mediation_cases where village_id = ${id} or request_ref in ${Q})`;
      const D = sql`(select id from deliberations where village_id = ${id})`;
      const N = sql`(select id from notices where village_id = ${id} or deliberation_id in ${D})`;
      const counts = {
        households: await n(tx, sql`select count(*) as n from households where village_id = ${id}`),
        members: await n(tx, sql`select count(*) as n from members where village_id = ${id}`),
        accounts: await n(tx, sql`select count(*) as n from identities where id in ${I}`),
        requests: await n(tx, sql`select count(*) as n from requests where ref in ${Q}`),
      };
      // Children before parents, so that every foreign key holds at each step.
      const steps = [
        sql`delete from mediation_confirmations where agreement_id in (select id from mediation_agreements where case_id in ${C})`,
        sql`delete from mediation_agreements where case_id in ${C}`,
        sql`delete from mediation_events where case_id in ${C}`,
        sql`delete from mediation_parties where case_id in ${C}`,
        sql`delete from mediation_cases where id in ${C}`,
        sql`delete from notice_reads where notice_id in ${N} or identity_id in ${I} or household_id in ${H}`,
        sql`delete from notice_deliveries where notice_id in ${N} or group_id in ${G} or household_id in ${H}`,
        sql`delete from notices where id in ${N}`,
        sql`delete from deliberation_votes where deliberation_id in ${D} or household_id in ${H} or identity_id in ${I} or recorded_by in ${M}`,
        sql`delete from deliberation_evaluations where deliberation_id in ${D} or household_id in ${H} or identity_id in ${I}`,
        sql`delete from deliberation_stages where deliberation_id in ${D}`,
        sql`delete from deliberations where id in ${D}`,
        sql`delete from village_tally_rules where village_id = ${id}`,
        sql`delete from attachments where request_ref in ${Q}`,
        sql`delete from request_followers where request_ref in ${Q} or household_id in ${H} or identity_id in ${I}`,
        sql`delete from request_events where request_ref in ${Q}`,
        sql`delete from requests where ref in ${Q}`,
        sql`delete from say_things_sessions where village_id = ${id}`,
        sql`delete from monthly_reports where village_id = ${id}`,
        sql`delete from drafts where identity_id in ${I}`,
        sql`delete from binding_requests where member_id in ${M} or identity_id in ${I}`,
        sql`delete from binding_tokens where member_id in ${M} or household_id in ${H}`,
        sql`delete from chat_links where group_id in ${G} or linked_by in ${M}`,
        sql`delete from group_robots where group_id in ${G}`,
        sql`delete from desk_sessions where member_id in ${M}`,
        sql`delete from desk_login_codes where member_id in ${M}`,
        sql`delete from desk_login_failures where member_id in ${M}`,
        sql`delete from identities where id in ${I}`,
        sql`delete from residents where id in ${R}`,
        sql`delete from households where village_id = ${id}`,
        sql`delete from groups where village_id = ${id}`,
        sql`delete from members where village_id = ${id}`,
        sql`delete from villages where id = ${id}`,
      ];
      for (const step of steps) await tx.execute(step);
      removed.push({ village: v.code, ...counts });
    }
    if (removed.length) await announceRosterChange(tx);
    return removed;
  });
}
