/**
 * The splitting step for src/classify/data/labelled.jsonl. Run:
 *   npx tsx test/eval/split.ts            check that every row's split follows the rule
 *   npx tsx test/eval/split.ts new.tsv    append new messages (one a line: kind<TAB>urgency<TAB>text), then write the file
 * The rule (see the README in src/classify/data):
 *  - ids are `<kind prefix>-<position in that kind's list>`; new messages go to the end of their kind's list;
 *  - within each kind, position ≡ 2 (mod 4) → test, the rest → train;
 *  - near-duplicates (character-bigram Jaccard ≥ 0.5 with an earlier message of the file) join that
 *    message's group and take its split, so no test message has a near-copy in train.
 * Rows already in the file keep the split written in it (the committed model hashes the train rows); a
 * row whose kind was corrected keeps its id and place (say-006, say-040 are inquiries).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { urgencies, type Urgency } from '../../src/domain/classification.js';
import {
  labelledPath,
  loadLabelled,
  type LabelledMessage,
  type ModelKind,
  modelKinds,
} from '../../src/classify/dataset.js';

const prefix: Record<ModelKind, string> = {
  repair: 'rep',
  help: 'hlp',
  dispute: 'dis',
  hazard: 'haz',
  say_things: 'say',
  proposal: 'pro',
  inquiry: 'inq',
  other: 'oth',
  none: 'non',
};

/** One row as the file has always been written: `{"id": "…", "text": "…", …}`. */
function line(r: LabelledMessage): string {
  return `{${Object.entries(r)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')}}`;
}

export function charBigrams(text: string): Set<string> {
  const c = Array.from(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, ''),
  );
  const out = new Set<string>();
  for (let i = 0; i + 2 <= c.length; i++) out.add(c[i]! + c[i + 1]!);
  if (c.length === 1) out.add(c[0]!);
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** The position of a row in its kind's list: the number in its id (`rep-012` → 12). */
function position(id: string): number {
  return Number(/-(\d+)$/.exec(id)?.[1] ?? NaN);
}

/** The split the rule gives each row, in file order. */
export function ruleSplits(rows: { id: string; text: string }[]): ('train' | 'test')[] {
  const grams: Set<string>[] = [];
  const out: ('train' | 'test')[] = [];
  rows.forEach((r, i) => {
    const g = charBigrams(r.text);
    const first = grams.findIndex((h) => jaccard(g, h) >= 0.5);
    grams.push(g);
    out[i] = first >= 0 ? out[first]! : position(r.id) % 4 === 2 ? 'test' : 'train';
  });
  return out;
}

if (process.argv[1]?.endsWith('split.ts')) {
  const rows = loadLabelled();
  const added: LabelledMessage[] = [];
  const tsv = process.argv[2];
  if (tsv) {
    const seen = new Set(rows.map((r) => r.text));
    for (const line of readFileSync(tsv, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const [kind, urgency, text] = line.split('\t') as [ModelKind, Urgency, string];
      if (!modelKinds.includes(kind) || !urgencies.includes(urgency) || !text) throw new Error(`bad line: ${line}`);
      if (seen.has(text)) continue;
      seen.add(text);
      added.push({ id: '', text, kind, urgency, split: 'train' });
    }
  }
  // New rows go after the last row of their kind, numbered on from the highest id of that prefix.
  const all = [...rows];
  for (const r of added) {
    const p = prefix[r.kind];
    const max = Math.max(0, ...all.filter((x) => x.id.startsWith(`${p}-`)).map((x) => position(x.id)));
    r.id = `${p}-${String(max + 1).padStart(3, '0')}`;
    const last = all.findLastIndex((x) => x.kind === r.kind);
    // The first row of a new kind goes at the end of the file.
    all.splice(last < 0 ? all.length : last + 1, 0, r);
  }
  const splits = ruleSplits(all);
  const existing = new Set(rows);
  let differ = 0;
  all.forEach((r, i) => {
    if (existing.has(r)) differ += r.split === splits[i] ? 0 : 1;
    else r.split = splits[i]!;
  });
  console.log(
    `${rows.length} rows in the file, ${added.length} added; ${differ} existing rows differ from the rule (kept as written)`,
  );
  if (tsv) writeFileSync(labelledPath, all.map(line).join('\n') + '\n');
}
