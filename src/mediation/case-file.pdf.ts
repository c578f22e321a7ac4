import { type PdfBlock, renderPdf } from '../documents/pdf.js';
import { localParts } from '../domain/local-time.js';
import type { Texts } from '../texts/index.js';
import type { CaseView } from './case.view.js';

/**
 * The case file (卷宗) as a PDF: the same six documents as the printable page, in the same order, each on a
 * new page, with the Chinese font embedded so the county gets the same paper from every village PC.
 */
export async function caseFilePdf(v: CaseView, t: Texts): Promise<Uint8Array> {
  const m = t.mediation;
  const f = m.file.fields;
  const at = (d: Date | null) => (d ? m.file.stamp(localParts(d, v.timezone)) : '');
  const steps = (type: string) => v.steps.filter((s) => s.type === type);
  const role = (r: string) => m.role[r as 'applicant' | 'respondent'] ?? r;
  const none: PdfBlock = { kind: 'paragraph', text: f.noneYet };
  const records = (type: string): PdfBlock[] => {
    const list = steps(type);
    return list.length === 0
      ? [none]
      : list.flatMap((s): PdfBlock[] => [
          { kind: 'table', rows: [[f.time, at(s.at), f.recorder, s.actor.name ?? '']], widths: [1, 2.2, 1, 1.6] },
          { kind: 'paragraph', text: s.text ?? '', boxed: true },
        ]);
  };
  const partiesTable: PdfBlock = {
    kind: 'table',
    header: true,
    widths: [1, 1.5, 2.5],
    rows: [[f.role, f.name, f.address], ...v.parties.map((p) => [role(p.role), p.name, p.address ?? ''])],
  };
  const told = new Set(
    steps('informed').flatMap((s) => (Array.isArray(s.details.told) ? (s.details.told as number[]) : [])),
  );
  const informed = steps('informed')[0];
  const nameOf = (id: number) => v.parties.find((p) => p.id === id)?.name ?? '';
  const said = steps('statement');
  const a = v.agreement;
  const answerOf = (partyId: number) => {
    const x = a?.confirmations.find((c) => c.partyId === partyId);
    if (!x) return undefined;
    return x.decision === 'confirmed'
      ? f.confirmedIn(
          t.identity.platform[x.identity.platform as keyof Texts['identity']['platform']] ?? x.identity.platform ?? '',
          at(x.at),
        )
      : f.declinedIn(at(x.at), x.reason);
  };
  const failed = v.status === 'failed' || v.failedAt;

  const blocks: PdfBlock[] = [
    { kind: 'heading', text: m.file.register, newPage: true },
    {
      kind: 'table',
      widths: [1, 3],
      rows: [
        [m.file.cover.caseNo, v.caseNo],
        [m.file.cover.acceptedAt, at(v.acceptedAt)],
        [f.disputeType, m.disputeType[v.disputeType]],
        [f.source, m.source[v.source as 'applied' | 'found'] ?? v.source],
        [f.acceptedBy, v.openedBy?.name ?? ''],
        [f.presiding, v.presiding?.name ?? ''],
        [f.assistants, v.assistants.map((x) => x.name).join('、')],
        [f.facts, v.facts],
      ],
    },
    { kind: 'paragraph', text: f.parties },
    partiesTable,

    { kind: 'heading', text: m.file.notice, newPage: true },
    { kind: 'paragraph', text: m.notice(v.caseNo, v.presiding?.name ?? null), boxed: true },
    {
      kind: 'table',
      widths: [1, 3],
      rows: [
        [f.time, at(informed?.at ?? null)],
        [f.told, [...told].map(nameOf).join('、')],
        [
          f.unreachable,
          informed
            ? v.parties
                .filter((p) => !told.has(p.id))
                .map((p) => p.name)
                .join('、')
            : '',
        ],
      ],
    },
    { kind: 'signatures', date: `${f.date}：`, lines: v.parties.map((p) => ({ label: `${p.name} ${f.signature}：` })) },

    { kind: 'heading', text: m.file.investigation, newPage: true },
    ...records('investigated'),

    { kind: 'heading', text: m.file.mediation, newPage: true },
    ...records('session'),
    ...(said.length
      ? [
          { kind: 'paragraph', text: t.replies.statementsTitle } as PdfBlock,
          ...said.flatMap((s): PdfBlock[] => [
            {
              kind: 'table',
              rows: [[f.time, at(s.at), f.recorder, t.replies.statementBy(s.actor.name ?? '')]],
              widths: [1, 2.2, 1, 1.6],
            },
            { kind: 'paragraph', text: s.text ?? '', boxed: true },
          ]),
        ]
      : []),
    ...(failed
      ? [
          {
            kind: 'table',
            widths: [1, 3],
            rows: [
              [m.status.failed, at(v.failedAt)],
              [f.reason, v.failReason ?? ''],
              [f.referral, v.referral ? m.referral[v.referral] : ''],
            ],
          } as PdfBlock,
        ]
      : []),

    { kind: 'heading', text: m.file.agreement, newPage: true },
    { kind: 'paragraph', text: v.caseNo, align: 'right' },
    { kind: 'paragraph', text: f.parties },
    partiesTable,
    { kind: 'paragraph', text: f.facts },
    { kind: 'paragraph', text: v.facts, boxed: true },
    { kind: 'paragraph', text: f.agreementText },
    a ? { kind: 'paragraph', text: a.text, boxed: true } : none,
    { kind: 'paragraph', text: f.judicial },
    ...(a?.effectiveAt ? [{ kind: 'paragraph', text: `${f.effective}：${at(a.effectiveAt)}` } as PdfBlock] : []),
    {
      kind: 'signatures',
      date: `${f.date}：`,
      lines: [
        ...v.parties.map((p) => ({
          label: `${role(p.role)} ${p.name} ${f.signature}：`,
          ...(answerOf(p.id) ? { note: answerOf(p.id)! } : {}),
        })),
        { label: `${f.mediatorSignature}：` },
      ],
    },

    { kind: 'heading', text: m.file.returnVisit, newPage: true },
    ...records('followed_up'),
  ];
  return renderPdf({
    title: m.file.title,
    subtitle: `${v.villageName} · ${v.caseNo} · ${m.file.cover.status}：${m.status[v.status]}`,
    blocks,
    author: v.villageName,
  });
}
