import { PDFDocument, rgb } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { embedCjkFont, renderPdf } from '../../src/documents/pdf.js';
import type { CaseView } from '../../src/mediation/case.view.js';
import { caseFilePdf } from '../../src/mediation/case-file.pdf.js';
import { textsFor } from '../../src/texts/index.js';
import { type Bitmap, decodePng, inkAt } from '../support/png.js';

/**
 * The printed case file must show every character, not only carry it as text: a font subset whose outlines are
 * broken still extracts perfectly (the ToUnicode map is right) while pdf.js and printers draw blank boxes or
 * scraps. So the file's text is read back with a PDF reader, and every Chinese character in it is then drawn with
 * the same embedding (subset) and rendered by pdf.js, each compared with the same character from the whole font.
 */

const zh = textsFor('zh');
const at = (d: string) => new Date(`2026-11-${d}T02:30:00Z`);
const mediator = { code: 'm-01', name: '郭长顺' };
const view: CaseView = {
  ref: 1004,
  caseNo: '（2026）王店人调字第 7 号',
  village: 'wangdian',
  villageName: '王店村',
  timezone: 'Asia/Shanghai',
  status: 'followed_up',
  disputeType: 'land',
  source: 'applied',
  facts: '杨志强与张红霞两家宅基地界墙相邻，因翻建院墙越界约三十公分、雨水排向邻院发生争执，双方多次口角。',
  summary: '宅基地院墙越界',
  acceptedAt: at('02'),
  agreedAt: at('12'),
  failedAt: null,
  failReason: null,
  referral: null,
  returnVisitDueAt: at('30'),
  followedUpAt: at('30'),
  openedBy: { code: 's-01', name: '韩守义' },
  presiding: mediator,
  assistants: [{ code: 'm-02', name: '魏淑珍' }],
  parties: [
    { id: 1, role: 'applicant', name: '杨志强', household: 'h-0301', address: '三组12号', bound: true },
    { id: 2, role: 'respondent', name: '张红霞', household: 'h-0302', address: '三组13号', bound: true },
  ],
  steps: [
    {
      at: at('03'),
      type: 'informed',
      actor: { kind: 'member', id: 1, name: '郭长顺' },
      text: null,
      details: { told: [1, 2] },
    },
    {
      at: at('05'),
      type: 'investigated',
      actor: { kind: 'member', id: 1, name: '郭长顺' },
      text: '实地丈量：新墙东移二十八公分，有照片和村里一九九八年的宅基地图为证。',
      details: {},
    },
    {
      at: at('08'),
      type: 'statement',
      actor: { kind: 'party', id: 2, name: '张红霞' },
      text: '墙是我公公那辈砌的，我们只是照旧翻建，没想占谁家的地。',
      details: {},
    },
    {
      at: at('10'),
      type: 'session',
      actor: { kind: 'member', id: 1, name: '郭长顺' },
      text: '在村委会调解室当面调解，讲明《民法典》相邻关系的规定，双方各退一步。',
      details: {},
    },
    {
      at: at('30'),
      type: 'followed_up',
      actor: { kind: 'member', id: 1, name: '郭长顺' },
      text: '回访：院墙已拆除重砌，排水沟挖好，两家满意，未再争吵。',
      details: {},
    },
  ],
  agreement: {
    text: '一、张红霞于十二月十五日前将院墙退回原界；二、杨志强承担一半砌墙费用计叁佰伍拾元；三、排水沟由两家共同修缮。',
    proposedAt: at('11'),
    proposedBy: mediator,
    effectiveAt: at('12'),
    confirmations: [
      {
        partyId: 1,
        party: '杨志强',
        decision: 'confirmed',
        reason: null,
        at: at('12'),
        identity: { id: 11, platform: 'telegram' },
      },
      {
        partyId: 2,
        party: '张红霞',
        decision: 'confirmed',
        reason: null,
        at: at('12'),
        identity: { id: 12, platform: 'wechat' },
      },
    ],
  },
};

const han = (s: string) => [...new Set([...s].filter((c) => /\p{Script=Han}/u.test(c)))];

async function readPdf(bytes: Uint8Array, scale?: number): Promise<{ text: string; pages: Bitmap[] }> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    const text = (await parser.getText()).text;
    const pages = scale ? (await parser.getScreenshot({ scale })).pages.map((p) => decodePng(p.data)) : [];
    return { text, pages };
  } finally {
    await parser.destroy();
  }
}

// One character per cell, in a grid whose position the test knows: the same embedding the documents use.
const CELL = 24;
const SIZE = 16;
const LEFT = 30;
const TOP = 30;
const COLS = 22;
const ROWS = 32;
async function glyphSheet(chars: string[], subset: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await embedCjkFont(doc, subset);
  let page = doc.addPage([595.28, 841.89]);
  chars.forEach((ch, i) => {
    const cell = i % (COLS * ROWS);
    if (i > 0 && cell === 0) page = doc.addPage([595.28, 841.89]);
    const x = LEFT + (cell % COLS) * CELL;
    const top = TOP + Math.floor(cell / COLS) * CELL;
    page.drawText(ch, {
      x: x + (CELL - SIZE) / 2,
      y: 841.89 - top - CELL + (CELL - SIZE) / 2 + 2,
      size: SIZE,
      font,
      color: rgb(0, 0, 0),
    });
  });
  return doc.save();
}

/** The ink of each cell: darkness values, cell by cell, of a rendered sheet. */
function cells(pages: Bitmap[], count: number, scale: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const b = pages[Math.floor(i / (COLS * ROWS))]!;
    const cell = i % (COLS * ROWS);
    const x0 = Math.round((LEFT + (cell % COLS) * CELL) * scale);
    const y0 = Math.round((TOP + Math.floor(cell / COLS) * CELL) * scale);
    const px: number[] = [];
    for (let y = y0; y < y0 + CELL * scale; y++) for (let x = x0; x < x0 + CELL * scale; x++) px.push(inkAt(b, x, y));
    out.push(px);
  }
  return out;
}

/** The characters pdf.js draws blank, or unlike the same character from the whole font, when subset as documents are. */
async function unlikeTheFont(chars: string[]): Promise<{ blank: string; wrong: string }> {
  const scale = 2;
  const subset = cells((await readPdf(await glyphSheet(chars, true), scale)).pages, chars.length, scale);
  const whole = cells((await readPdf(await glyphSheet(chars, false), scale)).pages, chars.length, scale);
  let blank = '';
  let wrong = '';
  chars.forEach((ch, i) => {
    const a = subset[i]!;
    const b = whole[i]!;
    const ink = b.reduce((s, v) => s + v, 0);
    if (a.filter((v) => v > 128).length < 4) blank += ch;
    else if (a.reduce((s, v, j) => s + Math.abs(v - b[j]!), 0) > ink * 0.1) wrong += ch;
  });
  return { blank, wrong };
}

describe('the Chinese font in printed documents', () => {
  it('carries every Chinese character as text, and pdf.js draws each of them as the font does', async () => {
    const bytes = await caseFilePdf(view, zh);
    const { text } = await readPdf(bytes);
    const flat = text.replace(/\s+/g, '');
    const m = zh.mediation.file;
    const wanted = [
      view.caseNo,
      view.facts,
      view.agreement!.text,
      ...view.steps.map((s) => s.text ?? ''),
      ...view.parties.map((p) => p.name),
      m.title,
      m.register,
      m.notice,
      m.investigation,
      m.mediation,
      m.agreement,
      m.returnVisit,
    ].map((s) => s.replace(/\s+/g, ''));
    for (const w of wanted) expect(flat, w).toContain(w);
    const missing = han(wanted.join('')).filter((c) => !flat.includes(c));
    expect(missing.join('')).toBe('');

    // Every character the file holds, drawn alone, subset as in the documents and from the whole font for reference.
    const chars = han(flat);
    expect(chars.length).toBeGreaterThan(200);
    expect(await unlikeTheFont(chars)).toEqual({ blank: '', wrong: '' });
  }, 120_000);

  it('a short paper (a few characters, the smallest font subset) draws each of them too', async () => {
    const notice = '关于修缮三组水渠的通知';
    const bytes = await renderPdf({
      title: notice,
      blocks: [{ kind: 'paragraph', text: '本周六上午八点，各户出一人。' }],
    });
    const flat = (await readPdf(bytes)).text.replace(/\s+/g, '');
    expect(flat).toContain(notice);
    expect(await unlikeTheFont(han(flat))).toEqual({ blank: '', wrong: '' });
  }, 60_000);
});
