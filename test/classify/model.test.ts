import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requestKinds } from '../../src/domain/classification.js';
import {
  govMessagesPath,
  govSplit,
  loadGovMessages,
  loadIndependent,
  loadLabelled,
  requestKindOf,
} from '../../src/classify/dataset.js';
import { DepartmentModel } from '../../src/classify/department.js';
import { departmentModelUrl, kindModelUrl, trainRowsHash, type KindModelFile } from '../../src/classify/kind-model.js';
import { evaluate } from '../../src/classify/metrics.js';
import {
  belowConfidenceFloor,
  CONFIDENCE_FLOOR,
  createOfflineClassifier,
} from '../../src/classify/offline.classifier.js';
import { buildKindModel, kindTrainingRows } from '../../src/classify/train.js';

const rows = loadLabelled();

describe('labelled data', () => {
  it('has enough of every kind, unique ids and texts', () => {
    expect(rows.length).toBeGreaterThanOrEqual(1500);
    for (const kind of requestKinds)
      expect(rows.filter((r) => r.kind === kind).length, kind).toBeGreaterThanOrEqual(50);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('has a roughly 75/25 split with every kind in the test part', () => {
    const test = rows.filter((r) => r.split === 'test');
    expect(test.length / rows.length).toBeGreaterThan(0.2);
    expect(test.length / rows.length).toBeLessThan(0.3);
    for (const kind of requestKinds)
      expect(test.filter((r) => r.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
  });

  it('has about 5 % English', () => {
    const english = rows.filter((r) => /^\p{ASCII}+$/u.test(r.text) && /[a-z]{3}/i.test(r.text)).length;
    expect(english / rows.length).toBeGreaterThan(0.03);
    expect(english / rows.length).toBeLessThan(0.08);
  });
});

describe('independent test set', () => {
  const independent = loadIndependent();

  it('has at least 250 messages of every kind, in several voices', () => {
    expect(independent.length).toBeGreaterThanOrEqual(250);
    for (const kind of requestKinds)
      expect(independent.filter((r) => r.kind === kind).length, kind).toBeGreaterThanOrEqual(25);
    expect(new Set(independent.map((r) => r.voice)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(independent.map((r) => r.id)).size).toBe(independent.length);
  });

  it('shares no message with labelled.jsonl', () => {
    const labelled = new Set(rows.map((r) => r.text.trim()));
    expect(independent.filter((r) => labelled.has(r.text.trim()))).toEqual([]);
  });

  it('is never read by the training code', () => {
    // Only dataset.ts (the loader) may name the file; train.ts and what it imports must not.
    const dir = new URL('../../src/classify/', import.meta.url);
    const readers = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'dataset.ts')
      .filter((f) => /independent\.jsonl|loadIndependent|independentPath/.test(readFileSync(new URL(f, dir), 'utf8')));
    expect(readers).toEqual([]);
    const train = readFileSync(new URL('train.ts', dir), 'utf8');
    expect(train).not.toMatch(/loadIndependent|independentPath/);
  });
});

describe('confidence floor', () => {
  it('asks below the floor and guesses at or above it', () => {
    expect(CONFIDENCE_FLOOR).toBeGreaterThan(0);
    expect(CONFIDENCE_FLOOR).toBeLessThan(1);
    expect(belowConfidenceFloor({ confidence: 0.25 })).toBe(true);
    expect(belowConfidenceFloor({ confidence: CONFIDENCE_FLOOR })).toBe(false);
    expect(belowConfidenceFloor({ confidence: 0.95 })).toBe(false);
  });

  it('lets clear messages through and stops a few unclear ones', () => {
    const classifier = createOfflineClassifier();
    expect(belowConfidenceFloor(classifier.classifySync('村口那盏路灯坏了好几天了'))).toBe(false);
    expect(belowConfidenceFloor(classifier.classifySync('你好'))).toBe(false);
    const test = rows.filter((r) => r.split === 'test').map((r) => classifier.classifySync(r.text));
    const asked = test.filter(belowConfidenceFloor).length / test.length;
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(0.2);
  });
});

describe('committed kind model', () => {
  const committed = JSON.parse(readFileSync(kindModelUrl, 'utf8')) as KindModelFile;

  it('was built from the current train split (run `npx tsx src/classify/train.ts` if not)', () => {
    const train = kindTrainingRows(rows);
    expect(committed.trainedOn.sha256).toBe(trainRowsHash(train));
    expect(committed.trainedOn.rows).toBe(train.length);
  });

  it('is reproduced exactly by retraining', () => {
    expect(buildKindModel(rows)).toEqual(committed);
  });

  it('learns from labels residents confirmed when given them (npm run train -- --with)', () => {
    const confirmed = [
      {
        id: 'confirmed-1001',
        text: '水渠那块地的事想问问怎么办手续',
        kind: 'inquiry' as const,
        urgency: 'normal' as const,
        split: 'train' as const,
      },
    ];
    const model = buildKindModel(rows, { file: 'confirmed.jsonl', rows: confirmed });
    expect(model.trainedOn.rows).toBe(committed.trainedOn.rows + 1);
    expect(model.trainedOn.file).toBe('src/classify/data/labelled.jsonl + confirmed.jsonl');
    expect(model.trainedOn.sha256).not.toBe(committed.trainedOn.sha256);
  });

  it('reaches the accuracy targets on the test split', () => {
    const classifier = createOfflineClassifier();
    const test = rows.filter((r) => r.split === 'test');
    const report = evaluate(
      test.map((r) => requestKindOf(r.kind)),
      test.map((r) => classifier.classifySync(r.text).kind),
      requestKinds,
    );
    expect(report.accuracy).toBeGreaterThanOrEqual(0.92);
    for (const p of report.perLabel) expect(p.f1, p.label).toBeGreaterThanOrEqual(0.85);
  });
});

describe.skipIf(!existsSync(govMessagesPath))('committed department model', () => {
  it('predicts one of the seven board categories and holds its evaluation-half score', () => {
    const model = DepartmentModel.load(departmentModelUrl);
    const evalHalf = loadGovMessages().filter((m) => govSplit(m) === 'eval');
    const labels = [...new Set(evalHalf.map((m) => m.label))].sort();
    const predicted = evalHalf.map((m) => model.predict(m.title, m.detail).label);
    for (const p of predicted) expect(labels).toContain(p);
    expect(
      evaluate(
        evalHalf.map((m) => m.label),
        predicted,
        labels,
      ).macroF1,
    ).toBeGreaterThanOrEqual(0.78);
  });
});
