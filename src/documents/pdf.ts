import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

// pdf-lib and fontkit are loaded on first use: ~24 + 31 MB resident that a service which never prints does not hold
// (the desk's and the mediation's routes import this file at start).
const pdfLib = () => import('pdf-lib');
const fontkitLib = async () => (await import('@pdf-lib/fontkit')).default;

/**
 * One printed document: a title, then blocks in reading order. Paper only: no links, no colours to rely on.
 * Kept small on purpose so the mediation file, a vote's result or a notice can all be printed the same way.
 */
export type PdfBlock =
  | { kind: 'heading'; text: string; newPage?: boolean }
  | { kind: 'paragraph'; text: string; align?: 'left' | 'right' | 'center'; size?: number; boxed?: boolean }
  /** A table of label and value columns; the first row is a header when `header` is set. */
  | { kind: 'table'; rows: string[][]; header?: boolean; widths?: number[] }
  /** Lines to sign on: each label followed by a rule, with the date beside it. */
  | { kind: 'signatures'; lines: { label: string; note?: string }[]; date: string };

export interface PdfDocumentSpec {
  title: string;
  subtitle?: string;
  blocks: PdfBlock[];
  author?: string;
}

// Noto Sans SC (OFL) from an npm package, as TrueType (glyf outlines): the PDF carries its own glyphs, so a village
// office PC prints it right with no Chinese font installed. Only the glyphs used are embedded (a case file stays well
// under a megabyte). Not the CFF/OTF cut of the same font: fontkit's CFF subsetter writes CID-keyed charstrings that
// pdf.js and printers draw blank or as scraps while the text still extracts fine.
let fontBytes: Uint8Array | null = null;
function cjkFont(): Uint8Array {
  if (!fontBytes) {
    const pkg = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json');
    fontBytes = readFileSync(join(dirname(pkg), '400Regular', 'NotoSansSC_400Regular.ttf'));
  }
  return fontBytes;
}

interface GlyfSubset {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * fontkit with one fix to its TrueType subsetter. A subset under 64 KB gets the short `loca` table, which stores
 * offsets halved; the subsetter copies glyphs of odd length as they are, so every glyph after one of them points a
 * byte off and is drawn blank (a short notice lost most of its characters). Padding each glyph to an even length,
 * as the TrueType spec asks, keeps every offset exact. test/documents/pdf-glyphs.process.test.ts renders each
 * character of a case file to prove it.
 */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
const evenGlyphs = (fontkit: Fontkit): Fontkit => ({
  create(buffer: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset() as unknown as GlyfSubset;
      const add = subset._addGlyph?.bind(subset);
      if (add) {
        subset._addGlyph = (gid: number) => {
          const i = add(gid);
          const g = subset.glyf[i]!;
          if (g.length % 2 === 1) {
            // fontkit's own Buffer class (it bundles one): its encoder refuses any other.
            const padded = (g.constructor as typeof Buffer).alloc(g.length + 1);
            padded.set(g);
            subset.glyf[i] = padded;
            subset.offset += 1;
          }
          return i;
        };
      }
      return subset as unknown as ReturnType<typeof createSubset>;
    };
    return font;
  },
});

/** Embeds the Chinese font into `doc`; only the glyphs drawn are kept unless `subset` is false. */
export async function embedCjkFont(doc: PDFDocument, subset = true): Promise<PDFFont> {
  doc.registerFontkit(evenGlyphs(await fontkitLib()));
  return doc.embedFont(cjkFont(), { subset });
}

const A4 = { w: 595.28, h: 841.89 };
const MARGIN = 56;
const BODY = 11;
const LINE = 1.55;

/** Splits text into what may not be broken: a run of Latin letters or digits, or one other character. */
const tokens = (s: string): string[] => s.match(/[A-Za-z0-9.,:;!?'"()\-/@#%+=_]+|\s|./gsu) ?? [];

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
    private readonly ink: { black: Color; shade: Color },
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.w, A4.h]);
    this.y = A4.h - MARGIN;
  }

  get width(): number {
    return A4.w - 2 * MARGIN;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  /** The lines `text` takes at `size` within `width`; explicit line breaks kept. */
  wrap(text: string, size: number, width: number): string[] {
    const out: string[] = [];
    for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
      let line = '';
      for (const tok of tokens(para)) {
        const next = line + tok;
        if (this.font.widthOfTextAtSize(next, size) <= width || line === '') {
          // A single token wider than the line (a long URL) is cut by characters.
          if (this.font.widthOfTextAtSize(next, size) > width && line === '') {
            for (const ch of tok) {
              if (this.font.widthOfTextAtSize(line + ch, size) > width && line) {
                out.push(line);
                line = '';
              }
              line += ch;
            }
          } else line = next;
        } else {
          out.push(line.trimEnd());
          line = tok.trim() ? tok : '';
        }
      }
      out.push(line.trimEnd());
    }
    return out;
  }

  text(s: string, x: number, size: number): void {
    if (s) this.page.drawText(s, { x, y: this.y - size, size, font: this.font, color: this.ink.black });
  }

  paragraph(text: string, size: number, align: 'left' | 'right' | 'center', boxed: boolean): void {
    const pad = boxed ? 6 : 0;
    const lines = this.wrap(text, size, this.width - 2 * pad);
    const lh = size * LINE;
    let first = true;
    for (const l of lines) {
      this.ensure(lh + (first ? pad : 0));
      const top = this.y;
      if (first && boxed) this.y -= pad;
      const w = this.font.widthOfTextAtSize(l, size);
      const x =
        align === 'center'
          ? MARGIN + (this.width - w) / 2
          : align === 'right'
            ? MARGIN + this.width - w - pad
            : MARGIN + pad;
      this.text(l, x, size);
      this.y -= lh;
      if (boxed) {
        const bottom = this.y - (l === lines.at(-1) ? pad : 0);
        this.page.drawLine({ start: { x: MARGIN, y: top }, end: { x: MARGIN, y: bottom }, thickness: 0.6 });
        this.page.drawLine({
          start: { x: MARGIN + this.width, y: top },
          end: { x: MARGIN + this.width, y: bottom },
          thickness: 0.6,
        });
        if (first)
          this.page.drawLine({ start: { x: MARGIN, y: top }, end: { x: MARGIN + this.width, y: top }, thickness: 0.6 });
        if (l === lines.at(-1)) {
          this.y = bottom;
          this.page.drawLine({
            start: { x: MARGIN, y: bottom },
            end: { x: MARGIN + this.width, y: bottom },
            thickness: 0.6,
          });
        }
      }
      first = false;
    }
    this.y -= size * 0.5;
  }

  table(rows: string[][], header: boolean, widths?: number[]): void {
    const cols = Math.max(...rows.map((r) => r.length));
    const ws = widths && widths.length === cols ? widths : Array.from({ length: cols }, () => 1);
    const total = ws.reduce((a, b) => a + b, 0);
    const colW = ws.map((w) => (w / total) * this.width);
    const pad = 4;
    const size = BODY - 0.5;
    const lh = size * LINE;
    rows.forEach((row, ri) => {
      const cells = colW.map((w, ci) => this.wrap(row[ci] ?? '', size, w - 2 * pad));
      const height = Math.max(...cells.map((c) => c.length)) * lh + 2 * pad;
      this.ensure(Math.min(height, A4.h - 2 * MARGIN));
      const top = this.y;
      let x = MARGIN;
      cells.forEach((lines, ci) => {
        if (header && ri === 0)
          this.page.drawRectangle({ x, y: top - height, width: colW[ci]!, height, color: this.ink.shade });
        this.page.drawRectangle({
          x,
          y: top - height,
          width: colW[ci]!,
          height,
          borderColor: this.ink.black,
          borderWidth: 0.6,
        });
        let y = top - pad;
        for (const l of lines) {
          this.y = y;
          this.text(l, x + pad, size);
          y -= lh;
        }
        x += colW[ci]!;
      });
      this.y = top - height;
    });
    this.y -= BODY * 0.8;
  }

  signatures(lines: { label: string; note?: string }[], date: string): void {
    for (const s of lines) {
      this.ensure(BODY * 4);
      this.y -= BODY;
      this.text(s.label, MARGIN, BODY);
      const lw = this.font.widthOfTextAtSize(s.label, BODY);
      const rule = (x0: number, x1: number) =>
        this.page.drawLine({
          start: { x: x0, y: this.y - BODY - 2 },
          end: { x: x1, y: this.y - BODY - 2 },
          thickness: 0.6,
        });
      rule(MARGIN + lw + 4, MARGIN + this.width * 0.55);
      const dx = MARGIN + this.width * 0.62;
      this.text(date, dx, BODY);
      rule(dx + this.font.widthOfTextAtSize(date, BODY) + 4, MARGIN + this.width);
      this.y -= BODY * LINE;
      if (s.note) this.paragraph(s.note, BODY - 2, 'left', false);
    }
    this.y -= BODY;
  }
}

/** The document as PDF bytes, the Chinese font embedded (subset). */
export async function renderPdf(spec: PdfDocumentSpec): Promise<Uint8Array> {
  const { PDFDocument, rgb } = await pdfLib();
  const doc = await PDFDocument.create();
  const font = await embedCjkFont(doc);
  doc.setTitle(spec.title);
  if (spec.author) doc.setAuthor(spec.author);
  doc.setCreator('Linli');
  const w = new Writer(doc, font, { black: rgb(0, 0, 0), shade: rgb(0.93, 0.93, 0.93) });
  w.paragraph(spec.title, 20, 'center', false);
  if (spec.subtitle) w.paragraph(spec.subtitle, BODY, 'right', false);
  let firstBlock = true;
  for (const b of spec.blocks) {
    switch (b.kind) {
      case 'heading':
        if (b.newPage && !firstBlock) w.newPage();
        else w.ensure(40);
        w.y -= 4;
        w.paragraph(b.text, 15, 'center', false);
        break;
      case 'paragraph':
        w.paragraph(b.text, b.size ?? BODY, b.align ?? 'left', b.boxed ?? false);
        break;
      case 'table':
        w.table(b.rows, b.header ?? false, b.widths);
        break;
      case 'signatures':
        w.signatures(b.lines, b.date);
        break;
    }
    firstBlock = false;
  }
  // Plain objects rather than object streams: older readers on office PCs open it, and the embedded font is visible to a check.
  return doc.save({ useObjectStreams: false });
}
