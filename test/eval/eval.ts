/**
 * Evaluation report. Run: `npx tsx test/eval/eval.ts [--llm-limit N]`.
 *  1. Offline classifier on the test split of src/classify/data/labelled.jsonl (kind + urgency).
 *     Then the independent set (src/classify/data/independent.jsonl: other authors, other villages,
 *     never trained on), 5-fold cross-validation inside the train split, and the confidence floor.
 *  2. Department model on the evaluation half of ../shared gov-messages (even ids; odd ids trained it).
 *  3. With OPENAI_API_KEY set: the same two for the LLM path (OPENAI_BASE_URL, OPENAI_MODEL optional).
 */
import { requestKinds, type ClassifyResult } from '../../src/domain/classification.js';
import {
  loadGovMessages,
  loadIndependent,
  loadLabelled,
  govSplit,
  govText,
  type ModelKind,
  requestKindOf,
} from '../../src/classify/dataset.js';
import { DepartmentModel } from '../../src/classify/department.js';
import { departmentModelUrl } from '../../src/classify/kind-model.js';
import { evaluate, formatReport } from '../../src/classify/metrics.js';
import {
  belowConfidenceFloor,
  CONFIDENCE_FLOOR,
  createOfflineClassifier,
} from '../../src/classify/offline.classifier.js';
import { createOpenAiClassifier } from '../../src/classify/openai.classifier.js';
import { buildKindModel } from '../../src/classify/train.js';

const rows = loadLabelled();
const independent = loadIndependent();
const test = rows.filter((r) => r.split === 'test');
const gov = loadGovMessages();
const govEval = gov.filter((m) => govSplit(m) === 'eval');
const govLabels = [...new Set(gov.map((m) => m.label))].sort();

console.log(
  `labelled.jsonl: ${rows.length} messages, ${rows.length - test.length} train / ${test.length} test (split written in the file)`,
);
console.log(
  `gov-messages: ${gov.length} messages; odd id → train (${gov.length - govEval.length}), even id → evaluation (${govEval.length})\n`,
);

const offline = createOfflineClassifier();
const t0 = performance.now();
const offlineResults = test.map((r) => offline.classifySync(r.text));
const perMessage = (performance.now() - t0) / test.length;
report('offline classifier — kind, test split', offlineResults);
console.log(`(${perMessage.toFixed(3)} ms per message, first pass, including JIT warm-up)`);
console.log();
const t1 = performance.now();
const independentResults = independent.map((r) => offline.classifySync(r.text));
const perIndependent = (performance.now() - t1) / independent.length;
report(
  `offline classifier — kind, independent set (${independent.length} messages, never trained on)`,
  independentResults,
  independent,
);
console.log(`(${perIndependent.toFixed(3)} ms per message)`);
for (const voice of [...new Set(independent.map((r) => r.voice))]) {
  const idx = independent.map((r, i) => (r.voice === voice ? i : -1)).filter((i) => i >= 0);
  const ok = idx.filter((i) => independentResults[i]!.kind === independent[i]!.kind).length;
  console.log(`  ${voice}: ${ok}/${idx.length} (${((ok / idx.length) * 100).toFixed(1)} %)`);
}
const misses = independent.map((r, i) => ({ r, p: independentResults[i]! })).filter(({ r, p }) => r.kind !== p.kind);
for (const { r, p } of misses) console.log(`  miss ${r.id} ${r.kind} → ${p.kind} (${p.confidence}): ${r.text}`);
console.log();
const cv = crossValidate(5);
console.log();
confidenceFloorTable([...cv, ...independent.map((r, i) => ({ gold: r.kind, result: independentResults[i]! }))]);
console.log();

const departments = DepartmentModel.load(departmentModelUrl);
const deptPred = govEval.map((m) => departments.predict(m.title, m.detail.slice(0, 400)).label);
console.log(
  formatReport(
    'department model — gov-messages evaluation half (even ids)',
    evaluate(
      govEval.map((m) => m.label),
      deptPred,
      govLabels,
    ),
  ),
);
console.log();

if (process.env.OPENAI_API_KEY) {
  const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
  const limitArg = process.argv.indexOf('--llm-limit');
  const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
  const llm = createOpenAiClassifier({
    apiKey: process.env.OPENAI_API_KEY,
    baseURL: process.env.OPENAI_BASE_URL,
    model,
    timeoutMs: 20_000,
    fallback: offline,
  });
  const llmTest = sample(test, limit);
  const llmResults = await mapLimited(llmTest, 4, (r) => llm.classify(r.text));
  report(
    `LLM openai:${model} — kind, test split${llmTest.length < test.length ? ` (sample of ${llmTest.length})` : ''}`,
    llmResults,
    llmTest,
  );
  const fellBack = llmResults.filter((r) => r.classifier.includes('fallback'));
  console.log(`fallbacks: ${fellBack.length} ${summariseReasons(fellBack)}\n`);

  // The LLM sees the city message as a resident's message; a null department counts as wrong.
  const govSlice = sample(govEval, limit);
  const govResults = await mapLimited(govSlice, 4, (m) => llm.classify(govText(m)));
  console.log(
    formatReport(
      `LLM openai:${model} — department, gov-messages evaluation half`,
      evaluate(
        govSlice.map((m) => m.label),
        govResults.map((r) => r.department ?? '(null)'),
        govLabels,
      ),
    ),
  );
} else {
  console.log('LLM path skipped: set OPENAI_API_KEY (and optionally OPENAI_BASE_URL, OPENAI_MODEL) to evaluate it.');
}

/** A second honest number: k-fold CV inside the train split, the model refit on each fold. */
function crossValidate(k: number): { gold: string; result: ClassifyResult }[] {
  const out: { gold: string; result: ClassifyResult }[] = [];
  const train = rows.filter((r) => r.split === 'train');
  const gold: string[] = [];
  const predicted: string[] = [];
  for (let fold = 0; fold < k; fold++) {
    const held = new Set(train.filter((_, i) => i % k === fold).map((r) => r.id));
    const model = buildKindModel(train.map((r) => (held.has(r.id) ? { ...r, split: 'test' as const } : r)));
    const c = createOfflineClassifier({ kindModel: model });
    for (const r of train.filter((x) => held.has(x.id))) {
      const result = c.classifySync(r.text);
      gold.push(requestKindOf(r.kind));
      predicted.push(result.kind);
      out.push({ gold: requestKindOf(r.kind), result });
    }
  }
  const cv = evaluate(gold, predicted, requestKinds);
  const worst = cv.perLabel.reduce((a, b) => (b.f1 < a.f1 ? b : a));
  console.log(
    `${k}-fold cross-validation on the train split: accuracy ${(cv.accuracy * 100).toFixed(1)} %, macro-F1 ${cv.macroF1.toFixed(3)}, lowest F1 ${worst.label} ${worst.f1.toFixed(3)}`,
  );
  return out;
}

/**
 * Where asking beats guessing. For each candidate floor: how many messages fall below it, and how
 * often the guess is right below and above it. Below the floor the person is asked to pick the kind
 * (one tap); a wrong guess costs a misrouted request. Asking pays where the guesses below the floor
 * are wrong about as often as right (or worse). Rows: CV predictions on the train split + the independent set.
 */
function confidenceFloorTable(items: { gold: string; result: ClassifyResult }[]): void {
  const model = items.filter((x) => x.result.confidence !== 0.9 || x.result.kind !== 'other');
  console.log(
    `== confidence floor (${items.length} predictions: 5-fold CV + independent set; current floor ${CONFIDENCE_FLOOR})`,
  );
  console.log('floor  asked  right-below  right-above  errors-left');
  for (const floor of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
    const below = items.filter((x) => x.result.confidence < floor);
    const above = items.filter((x) => x.result.confidence >= floor);
    const ok = (xs: typeof items) => xs.filter((x) => x.gold === x.result.kind).length;
    const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)} %` : '—').padStart(11);
    console.log(
      `${floor.toFixed(2)}  ${pct(below.length, items.length)}  ${pct(ok(below), below.length)}  ${pct(ok(above), above.length)}  ${String(above.length - ok(above)).padStart(6)}`,
    );
  }
  const calib = [0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
  console.log('calibration (confidence bin → share right):');
  for (let i = 0; i + 1 < calib.length; i++) {
    const bin = model.filter((x) => x.result.confidence >= calib[i]! && x.result.confidence < calib[i + 1]!);
    if (bin.length)
      console.log(
        `  [${calib[i]!.toFixed(1)}, ${Math.min(1, calib[i + 1]!).toFixed(1)}): ${bin.filter((x) => x.gold === x.result.kind).length}/${bin.length}`,
      );
  }
  const flagged = items.filter((x) => belowConfidenceFloor(x.result)).length;
  console.log(`belowConfidenceFloor: ${flagged}/${items.length} asked`);
}

function report(title: string, results: ClassifyResult[], gold: { kind: string; urgency: string }[] = test): void {
  // `none` (no matter) creates nothing, like `other`: scored as `other`.
  console.log(
    formatReport(
      title,
      evaluate(
        gold.map((r) => requestKindOf(r.kind as ModelKind)),
        results.map((r) => r.kind),
        requestKinds,
      ),
    ),
  );
  const urgency = evaluate(
    gold.map((r) => r.urgency),
    results.map((r) => r.urgency),
    ['urgent', 'normal'],
  );
  const u = urgency.perLabel[0]!;
  console.log(
    `urgency: accuracy ${(urgency.accuracy * 100).toFixed(1)} %, urgent precision ${u.precision.toFixed(3)} recall ${u.recall.toFixed(3)} (n=${u.support})`,
  );
  const long = results.filter((r) => r.summary.length > 40).length;
  console.log(`summaries over 40 characters: ${long}`);
}

function summariseReasons(results: ClassifyResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const reason = /fallback: ([^)]+)/.exec(r.classifier)?.[1] ?? '?';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => `${k}=${v}`).join(' ');
}

/** Evenly spaced, so a small --llm-limit still sees every kind (the file is ordered by kind). */
function sample<T>(items: T[], n: number): T[] {
  if (!(n < items.length)) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
