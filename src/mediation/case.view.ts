import type { DbOrTx } from '../data/database.js';
import {
  answersTo,
  boundHouseholds,
  caseOfRequest,
  type CaseRow,
  currentAgreement,
  eventsOfCase,
  identitiesByIds,
  partiesOf,
} from '../data/mediation.repository.js';
import { householdById, memberById, villageById } from '../data/people.repository.js';
import { findRequest } from '../data/requests.repository.js';
import type { MediationStatus } from '../domain/mediation.machine.js';
import type { DisputeType, Referral } from '../domain/mediation.rules.js';

export interface PersonRef {
  code: string;
  name: string;
}

/** One case as the API and the printed file show it: the desk reads the same. */
export interface CaseView {
  ref: number;
  caseNo: string;
  village: string;
  villageName: string;
  timezone: string;
  status: MediationStatus;
  disputeType: DisputeType;
  source: string;
  facts: string;
  summary: string;
  acceptedAt: Date;
  agreedAt: Date | null;
  failedAt: Date | null;
  failReason: string | null;
  referral: Referral | null;
  returnVisitDueAt: Date | null;
  followedUpAt: Date | null;
  openedBy: PersonRef | null;
  presiding: PersonRef | null;
  assistants: PersonRef[];
  parties: {
    id: number;
    role: string;
    name: string;
    household: string | null;
    address: string | null;
    bound: boolean;
  }[];
  steps: {
    at: Date;
    type: string;
    actor: { kind: string; id: number | null; name: string | null };
    text: string | null;
    details: Record<string, unknown>;
  }[];
  agreement: null | {
    text: string;
    proposedAt: Date;
    proposedBy: PersonRef | null;
    effectiveAt: Date | null;
    confirmations: {
      partyId: number;
      party: string;
      decision: string;
      reason: string | null;
      at: Date;
      identity: { id: number; platform: string | null };
    }[];
  };
}

async function person(db: DbOrTx, id: number | null): Promise<PersonRef | null> {
  if (id === null) return null;
  const m = await memberById(db, id);
  return m ? { code: m.code, name: m.name } : null;
}

export async function caseView(db: DbOrTx, ref: number): Promise<CaseView | null> {
  const c = await caseOfRequest(db, ref);
  return c ? viewOf(db, c) : null;
}

async function viewOf(db: DbOrTx, c: CaseRow): Promise<CaseView> {
  const village = await villageById(db, c.villageId);
  const request = await findRequest(db, c.requestRef);
  const parties = await partiesOf(db, c.id);
  const bound = await boundHouseholds(
    db,
    parties.flatMap((p) => (p.householdId === null ? [] : [p.householdId])),
  );
  const households = new Map<number, string>();
  for (const p of parties)
    if (p.householdId !== null) households.set(p.householdId, (await householdById(db, p.householdId))?.code ?? '');
  const partyName = new Map(parties.map((p) => [p.id, p.name]));
  const events = await eventsOfCase(db, c.id);
  const memberIds = [
    ...new Set(events.flatMap((e) => (e.actorKind === 'member' && e.actorId !== null ? [e.actorId] : []))),
  ];
  const members = new Map<number, PersonRef>();
  for (const id of memberIds) {
    const p = await person(db, id);
    if (p) members.set(id, p);
  }
  const a = await currentAgreement(db, c.id);
  const answers = a ? await answersTo(db, a.id) : [];
  const accounts = await identitiesByIds(
    db,
    answers.map((x) => x.identityId),
  );
  const assistants: PersonRef[] = [];
  for (const id of c.assistantIds) {
    const p = await person(db, id);
    if (p) assistants.push(p);
  }
  return {
    ref: c.requestRef,
    caseNo: c.caseNo,
    village: village?.code ?? '',
    villageName: village?.name ?? '',
    timezone: village?.timezone ?? 'Asia/Shanghai',
    status: c.status,
    disputeType: c.disputeType,
    source: c.source,
    facts: c.facts,
    summary: request?.summary ?? '',
    acceptedAt: c.acceptedAt,
    agreedAt: c.agreedAt,
    failedAt: c.failedAt,
    failReason: c.failReason,
    referral: c.referral,
    returnVisitDueAt: c.returnVisitDueAt,
    followedUpAt: c.followedUpAt,
    openedBy: await person(db, c.openedBy),
    presiding: await person(db, c.presidingId),
    assistants,
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      name: p.name,
      household: p.householdId === null ? null : (households.get(p.householdId) ?? null),
      address: p.address,
      bound: p.householdId !== null && bound.has(p.householdId),
    })),
    steps: events.map((e) => ({
      at: e.at,
      type: e.type,
      text: e.text,
      details: e.details,
      actor: {
        kind: e.actorKind,
        id: e.actorId,
        name:
          e.actorKind === 'member' && e.actorId !== null
            ? (members.get(e.actorId)?.name ?? null)
            : e.actorKind === 'resident'
              ? (partyName.get(Number(e.details.partyId)) ?? null)
              : null,
      },
    })),
    agreement: a && {
      text: a.text,
      proposedAt: a.proposedAt,
      proposedBy: await person(db, a.proposedBy),
      effectiveAt: a.effectiveAt,
      confirmations: answers.map((x) => ({
        partyId: x.partyId,
        party: partyName.get(x.partyId) ?? '',
        decision: x.decision,
        reason: x.reason,
        at: x.at,
        identity: { id: x.identityId, platform: accounts.get(x.identityId)?.platform ?? null },
      })),
    },
  };
}
