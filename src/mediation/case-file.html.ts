import { localParts } from '../domain/local-time.js';
import type { Texts } from '../texts/index.js';
import type { CaseView } from './case.view.js';

const esc = (s: string | null | undefined): string =>
  (s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const style = `
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Source Han Sans SC",SimSun,serif;margin:2cm;color:#000;line-height:1.6}
h1{text-align:center;font-size:22pt;margin:0 0 .3em}
h2{text-align:center;font-size:16pt;margin:0 0 .6em}
.case-no{text-align:right;margin-bottom:1em}
section.doc{page-break-before:always;break-before:page}
section.doc:first-of-type{page-break-before:auto;break-before:auto}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #000;padding:.35em .5em;vertical-align:top;text-align:left}
th{width:8em;background:#f3f3f3}
.record{border:1px solid #000;padding:.5em;margin:.5em 0;white-space:pre-wrap}
.sign{display:flex;justify-content:space-between;margin-top:1.2em}
.line{display:inline-block;min-width:10em;border-bottom:1px solid #000}
.note{font-size:10pt;color:#333}
@media print{body{margin:1.5cm}}
`;

/**
 * The printable case file (卷宗): its six documents in their legal order, each starting on a new page. Every
 * value is escaped; a party that confirmed in chat has the account and time printed beside their signature line.
 */
export function renderCaseFile(v: CaseView, t: Texts): string {
  const m = t.mediation;
  const f = m.file.fields;
  const at = (d: Date | null) => (d ? m.file.stamp(localParts(d, v.timezone)) : '');
  const steps = (type: string) => v.steps.filter((s) => s.type === type);
  const none = `<p>${esc(f.noneYet)}</p>`;
  const records = (type: string) => {
    const list = steps(type);
    return list.length === 0
      ? none
      : list
          .map(
            (
              s,
            ) => `<table><tr><th>${esc(f.time)}</th><td>${esc(at(s.at))}</td><th>${esc(f.recorder)}</th><td>${esc(s.actor.name)}</td></tr></table>
<div class="record">${esc(s.text)}</div>`,
          )
          .join('\n');
  };
  // What the parties wrote in chat while the case was open, in the mediation record with their name and time.
  const said = steps('statement');
  const statements =
    said.length === 0
      ? ''
      : `<h3>${esc(t.replies.statementsTitle)}</h3>${said
          .map(
            (
              s,
            ) => `<table><tr><th>${esc(f.time)}</th><td>${esc(at(s.at))}</td><th>${esc(f.recorder)}</th><td>${esc(t.replies.statementBy(s.actor.name ?? ''))}</td></tr></table>
<div class="record statement">${esc(s.text)}</div>`,
          )
          .join('\n')}`;
  const partyRows = v.parties
    .map(
      (p) =>
        `<tr><td>${esc(m.role[p.role as 'applicant' | 'respondent'] ?? p.role)}</td><td>${esc(p.name)}</td><td>${esc(p.address)}</td></tr>`,
    )
    .join('');
  const partiesTable = `<table><tr><th>${esc(f.role)}</th><th>${esc(f.name)}</th><th>${esc(f.address)}</th></tr>${partyRows}</table>`;
  const told = new Set(
    steps('informed').flatMap((s) => (Array.isArray(s.details.told) ? (s.details.told as number[]) : [])),
  );
  const nameOf = (id: number) => v.parties.find((p) => p.id === id)?.name ?? '';
  const unreachable = v.parties.filter((p) => !told.has(p.id)).map((p) => p.name);
  const informed = steps('informed')[0];

  const register = `<section class="doc" id="register"><h2>${esc(m.file.register)}</h2>
<table>
<tr><th>${esc(m.file.cover.caseNo)}</th><td>${esc(v.caseNo)}</td></tr>
<tr><th>${esc(m.file.cover.acceptedAt)}</th><td>${esc(at(v.acceptedAt))}</td></tr>
<tr><th>${esc(f.disputeType)}</th><td>${esc(m.disputeType[v.disputeType])}</td></tr>
<tr><th>${esc(f.source)}</th><td>${esc(m.source[v.source as 'applied' | 'found'] ?? v.source)}</td></tr>
<tr><th>${esc(f.acceptedBy)}</th><td>${esc(v.openedBy?.name)}</td></tr>
<tr><th>${esc(f.presiding)}</th><td>${esc(v.presiding?.name)}</td></tr>
<tr><th>${esc(f.assistants)}</th><td>${esc(v.assistants.map((a) => a.name).join('、'))}</td></tr>
<tr><th>${esc(f.facts)}</th><td class="record">${esc(v.facts)}</td></tr>
</table>
<h3>${esc(f.parties)}</h3>${partiesTable}</section>`;

  const notice = `<section class="doc" id="notice"><h2>${esc(m.file.notice)}</h2>
<div class="record">${esc(m.notice(v.caseNo, v.presiding?.name ?? null))}</div>
<table><tr><th>${esc(f.time)}</th><td>${esc(at(informed?.at ?? null))}</td></tr>
<tr><th>${esc(f.told)}</th><td>${esc([...told].map(nameOf).join('、'))}</td></tr>
<tr><th>${esc(f.unreachable)}</th><td>${esc(informed ? unreachable.join('、') : '')}</td></tr></table>
${v.parties.map((p) => `<div class="sign"><span>${esc(p.name)} ${esc(f.signature)}：<span class="line"></span></span><span>${esc(f.date)}：<span class="line"></span></span></div>`).join('\n')}
</section>`;

  const failure =
    v.status === 'failed' || v.failedAt
      ? `<table><tr><th>${esc(m.status.failed)}</th><td>${esc(at(v.failedAt))}</td></tr><tr><th>${esc(f.reason)}</th><td>${esc(v.failReason)}</td></tr>
<tr><th>${esc(f.referral)}</th><td>${esc(v.referral ? m.referral[v.referral] : '')}</td></tr></table>`
      : '';
  const a = v.agreement;
  const signature = (p: CaseView['parties'][number]) => {
    const answer = a?.confirmations.find((c) => c.partyId === p.id);
    const said = answer
      ? answer.decision === 'confirmed'
        ? f.confirmedIn(
            t.identity.platform[answer.identity.platform as keyof Texts['identity']['platform']] ??
              answer.identity.platform ??
              '',
            at(answer.at),
          )
        : f.declinedIn(at(answer.at), answer.reason)
      : '';
    return `<div class="sign party-signature"><span>${esc(m.role[p.role as 'applicant' | 'respondent'] ?? p.role)} ${esc(p.name)} ${esc(f.signature)}：<span class="line"></span></span>
<span>${esc(f.date)}：<span class="line"></span></span></div>${said ? `<p class="note">${esc(said)}</p>` : ''}`;
  };
  const agreement = `<section class="doc" id="agreement"><h2>${esc(m.file.agreement)}</h2>
<p class="case-no">${esc(v.caseNo)}</p>
<h3>${esc(f.parties)}</h3>${partiesTable}
<h3>${esc(f.facts)}</h3><div class="record">${esc(v.facts)}</div>
<h3>${esc(f.agreementText)}</h3>${a ? `<div class="record">${esc(a.text)}</div>` : none}
<p>${esc(f.judicial)}</p>
${a?.effectiveAt ? `<p>${esc(f.effective)}：${esc(at(a.effectiveAt))}</p>` : ''}
${v.parties.map(signature).join('\n')}
<div class="sign"><span>${esc(f.mediatorSignature)}：<span class="line"></span></span><span>${esc(f.date)}：<span class="line"></span></span></div>
</section>`;

  return `<!doctype html>
<html lang="${esc(m.file.lang)}"><head><meta charset="utf-8">
<title>${esc(m.file.title)} ${esc(v.caseNo)}</title><style>${style}</style></head>
<body>
<h1>${esc(m.file.title)}</h1><p class="case-no">${esc(v.villageName)} · ${esc(v.caseNo)} · ${esc(m.file.cover.status)}：${esc(m.status[v.status])}</p>
${register}
${notice}
<section class="doc" id="investigation"><h2>${esc(m.file.investigation)}</h2>${records('investigated')}</section>
<section class="doc" id="mediation"><h2>${esc(m.file.mediation)}</h2>${records('session')}${statements}${failure}</section>
${agreement}
<section class="doc" id="return-visit"><h2>${esc(m.file.returnVisit)}</h2>${records('followed_up')}</section>
</body></html>`;
}
