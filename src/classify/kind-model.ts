/** The request-kind model file: what train.ts writes and the offline classifier reads. */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extractFeatures } from './features.js';
import { LogisticRegression, type LrModel, type LrOptions } from './logistic-regression.js';
import type { LabelledMessage } from './dataset.js';

export interface KindModelFile {
  /** sha256 of the train rows it was built from, so a stale model is caught by the tests. */
  trainedOn: { file: string; rows: number; sha256: string };
  features: { maxN: number; cues: boolean; words?: boolean };
  options: LrOptions;
  model: LrModel;
}

export const kindModelUrl = new URL('./model/offline-model.json', import.meta.url);
export const departmentModelUrl = new URL('./model/department-model.json', import.meta.url);

export interface LoadedKindModel {
  file: KindModelFile;
  lr: LogisticRegression;
  features: (text: string) => string[];
}

export function loadKindModel(url: URL = kindModelUrl): LoadedKindModel {
  return fromFile(JSON.parse(readFileSync(url, 'utf8')) as KindModelFile);
}

export function fromFile(file: KindModelFile): LoadedKindModel {
  return {
    file,
    lr: new LogisticRegression(file.model, { normalise: file.options.normalise ?? false }),
    features: (t) => extractFeatures(t, file.features.maxN, file.features.cues, file.features.words ?? false),
  };
}

export function trainRowsHash(rows: LabelledMessage[]): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.id}\t${r.kind}\t${r.text}\n`);
  return h.digest('hex');
}
