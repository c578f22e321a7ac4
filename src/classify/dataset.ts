/** Loading the labelled data. Used by train.ts, the eval script and tests — never by the service at runtime. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type RequestKind, requestKinds, urgencies } from '../domain/classification.js';

/**
 * What the kind model learns: the request kinds plus `none`, a message with no matter at all (看了, 收到了,
 * 晓得了, 👍). `other` keeps thanks, greetings and personal news; both create nothing.
 */
export const modelKinds = [...requestKinds, 'none'] as const;
export type ModelKind = (typeof modelKinds)[number];

/** The request kind a label stands for: `none` is no request, like `other`. */
export function requestKindOf(label: ModelKind): RequestKind {
  return label === 'none' ? 'other' : label;
}

const labelledRow = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.enum(modelKinds),
  urgency: z.enum(urgencies),
  split: z.enum(['train', 'test']),
});
export type LabelledMessage = z.infer<typeof labelledRow>;

/** Every row of a JSONL file checked against its shape; a bad row stops the load naming its line. */
function parsedRows<T>(path: string, shape: z.ZodType<T>): T[] {
  return readJsonl(path).map((row, i) => {
    const parsed = shape.safeParse(row);
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`);
    return parsed.data;
  });
}

export const labelledPath = fileURLToPath(new URL('./data/labelled.jsonl', import.meta.url));

export function loadLabelled(path = labelledPath): LabelledMessage[] {
  return parsedRows(path, labelledRow);
}

const independentRow = labelledRow.omit({ split: true }).extend({ voice: z.string() });
export type IndependentMessage = z.infer<typeof independentRow>;

/**
 * The second, independent test set: written apart from labelled.jsonl, in other voices, about other
 * villages. Only the eval script and the tests read it; training never does (a test checks that).
 */
export const independentPath = fileURLToPath(new URL('./data/independent.jsonl', import.meta.url));

export function loadIndependent(path = independentPath): IndependentMessage[] {
  return parsedRows(path, independentRow);
}

const govRow = z.object({ id: z.number(), title: z.string(), detail: z.string(), label: z.string() });
export type GovMessage = z.infer<typeof govRow>;

/** The city message board lives outside the repo; only training and evaluation read it. */
export const govMessagesPath = fileURLToPath(
  new URL('../../../shared/data/gov-messages/messages.jsonl', import.meta.url),
);

export function loadGovMessages(path = govMessagesPath): GovMessage[] {
  return readJsonl(path).map((row) => govRow.parse(row));
}

const departmentExtraRow = z.object({ id: z.string(), title: z.string(), detail: z.string(), label: z.string() });
export type DepartmentExtraMessage = z.infer<typeof departmentExtraRow>;

/**
 * Short city-board-style messages written for this project (not copied from the board), a few per
 * department, mostly 商贸旅游 (the board's training half has only 19 of them). Training only; the
 * board's even ids stay the evaluation half.
 */
export const departmentExtraPath = fileURLToPath(new URL('./data/department-extra.jsonl', import.meta.url));

export function loadDepartmentExtra(path = departmentExtraPath): DepartmentExtraMessage[] {
  return parsedRows(path, departmentExtraRow);
}

/**
 * Deterministic half/half split of the gov messages by id parity: odd ids train, even ids evaluate.
 * The ids are the board's own numbering, unrelated to the label, so parity is as good as a seeded shuffle
 * (and 250 / 245 comes out balanced per class).
 */
export function govSplit(m: GovMessage): 'train' | 'eval' {
  return m.id % 2 === 1 ? 'train' : 'eval';
}

/** What the department model reads: the title says the topic; the start of the detail adds context. */
export function govText(m: GovMessage): string {
  return `${m.title}。${m.detail.slice(0, 400)}`;
}

function readJsonl(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);
}
