/**
 * Multinomial naive Bayes over binarised features, with a JSON form that `train.ts` writes and
 * the runtime reads. Counts (not log-probabilities) are stored so the file stays small and exact.
 */

export interface NbModel {
  labels: string[];
  alpha: number;
  docCounts: number[];
  vocab: string[];
  /** counts[i][c] = documents of class c containing vocab[i]. */
  counts: number[][];
}

export interface TrainDoc {
  features: string[];
  label: string;
}

export function trainNaiveBayes(
  docs: TrainDoc[],
  labels: readonly string[],
  opts: { alpha: number; minDocFreq?: number },
): NbModel {
  const index = new Map(labels.map((l, i) => [l, i]));
  const table = new Map<string, number[]>();
  const docCounts = labels.map(() => 0);
  for (const d of docs) {
    const c = index.get(d.label);
    if (c === undefined) throw new Error(`unknown label ${d.label}`);
    docCounts[c]! += 1;
    for (const f of d.features) {
      let row = table.get(f);
      if (!row) table.set(f, (row = labels.map(() => 0)));
      row[c]! += 1;
    }
  }
  const minDf = opts.minDocFreq ?? 1;
  // Sorted so the same data always produces the same file.
  const vocab = [...table.keys()].filter((f) => sum(table.get(f)!) >= minDf).sort();
  return {
    labels: [...labels],
    alpha: opts.alpha,
    docCounts,
    vocab,
    counts: vocab.map((f) => table.get(f)!),
  };
}

/** A loaded model, ready to score. */
export class NaiveBayes {
  readonly labels: string[];
  private readonly logLik = new Map<string, Float64Array>();
  private readonly logPrior: Float64Array;

  constructor(model: NbModel) {
    this.labels = model.labels;
    const k = model.labels.length;
    const totals = new Float64Array(k);
    model.counts.forEach((row) => row.forEach((v, c) => (totals[c]! += v)));
    const v = model.vocab.length;
    const nDocs = sum(model.docCounts);
    this.logPrior = Float64Array.from(model.docCounts, (n) => Math.log((n + 1) / (nDocs + k)));
    model.vocab.forEach((f, i) => {
      const row = model.counts[i]!;
      this.logLik.set(
        f,
        Float64Array.from(row, (n, c) => Math.log((n + model.alpha) / (totals[c]! + model.alpha * v))),
      );
    });
  }

  /** Posterior over labels; features outside the vocabulary are ignored. */
  predict(features: string[]): { label: string; probability: number; posterior: number[] } {
    const score = Float64Array.from(this.logPrior);
    for (const f of features) {
      const ll = this.logLik.get(f);
      if (ll) for (let c = 0; c < score.length; c++) score[c]! += ll[c]!;
    }
    const max = Math.max(...score);
    const exp = Array.from(score, (s) => Math.exp(s - max));
    const z = sum(exp);
    const posterior = exp.map((e) => e / z);
    let best = 0;
    for (let c = 1; c < posterior.length; c++) if (posterior[c]! > posterior[best]!) best = c;
    return { label: this.labels[best]!, probability: posterior[best]!, posterior };
  }
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}
