/**
 * Multinomial logistic regression over binary features, trained full-batch with AdaGrad and an L2
 * penalty. Full-batch and sorted vocabularies make training deterministic: the same labelled file
 * always yields the same weights, so the committed model can be checked against a retrain.
 */

export interface LrModel {
  labels: string[];
  vocab: string[];
  /** weights[i] = per-label weights of vocab[i]. Rounded to keep the JSON small. */
  weights: number[][];
  bias: number[];
}

export interface LrOptions {
  l2: number;
  epochs: number;
  learningRate?: number;
  minDocFreq?: number;
  /** Scale each document's n-gram vector to unit length, so rambling messages do not outvote short ones. */
  normalise?: boolean;
}

/**
 * Value of one binary feature in a message with `count` features. (Giving cue features a fixed,
 * unscaled value was tried: it lowered cross-validated accuracy on the train split.)
 */
function featureValue(count: number, normalise: boolean): number {
  return normalise ? 1 / Math.sqrt(count || 1) : 1;
}

export function trainLogisticRegression(
  docs: { features: string[]; label: string }[],
  labels: readonly string[],
  opts: LrOptions,
): LrModel {
  const K = labels.length;
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.features) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = [...df.keys()].filter((f) => df.get(f)! >= (opts.minDocFreq ?? 1)).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const X = docs.map((d) => d.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const vals = docs.map((d) =>
    d.features.filter((f) => index.has(f)).map(() => featureValue(d.features.length, opts.normalise ?? false)),
  );
  const Y = docs.map((d) => {
    const y = labels.indexOf(d.label);
    if (y < 0) throw new Error(`unknown label ${d.label}`);
    return y;
  });
  const V = vocab.length;
  const W = new Float64Array(V * K);
  const b = new Float64Array(K);
  const accW = new Float64Array(V * K);
  const accB = new Float64Array(K);
  const lr = opts.learningRate ?? 0.5;
  const gW = new Float64Array(V * K);
  const gB = new Float64Array(K);
  const p = new Float64Array(K);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    gW.fill(0);
    gB.fill(0);
    X.forEach((xs, n) => {
      const v = vals[n]!;
      softmaxInto(p, xs, v, W, b, K);
      for (let k = 0; k < K; k++) {
        const g = p[k]! - (Y[n] === k ? 1 : 0);
        gB[k]! += g;
        xs.forEach((i, j) => (gW[i * K + k]! += g * v[j]!));
      }
    });
    for (let j = 0; j < V * K; j++) {
      const g = gW[j]! / X.length + opts.l2 * W[j]!;
      accW[j]! += g * g;
      W[j]! -= (lr * g) / (Math.sqrt(accW[j]!) + 1e-8);
    }
    for (let k = 0; k < K; k++) {
      const g = gB[k]! / X.length;
      accB[k]! += g * g;
      b[k]! -= (lr * g) / (Math.sqrt(accB[k]!) + 1e-8);
    }
  }
  // `|| 0` turns -0 into 0, which JSON cannot tell apart anyway, so a reload equals the trained model.
  const round = (x: number) => Math.round(x * 1e4) / 1e4 || 0;
  const keep = vocab
    .map((_, i) => Array.from(W.subarray(i * K, i * K + K), round))
    .map((w, i) => ({ w, f: vocab[i]! }));
  // Features whose weights all rounded to zero carry nothing; dropping them shrinks the file.
  const kept = keep.filter((x) => x.w.some((v) => v !== 0));
  return {
    labels: [...labels],
    vocab: kept.map((x) => x.f),
    weights: kept.map((x) => x.w),
    bias: Array.from(b, round),
  };
}

function softmaxInto(out: Float64Array, xs: number[], v: number[], W: Float64Array, b: Float64Array, K: number): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    let z = b[k]!;
    xs.forEach((i, j) => (z += W[i * K + k]! * v[j]!));
    out[k] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < K; k++) out[k]! /= sum;
}

/** A loaded model, ready to score. */
export class LogisticRegression {
  readonly labels: string[];
  private readonly weights = new Map<string, number[]>();
  private readonly bias: number[];
  private readonly normalise: boolean;

  constructor(model: LrModel, opts: { normalise?: boolean } = {}) {
    this.labels = model.labels;
    this.bias = model.bias;
    this.normalise = opts.normalise ?? false;
    model.vocab.forEach((f, i) => this.weights.set(f, model.weights[i]!));
  }

  predict(features: string[]): { label: string; probability: number; posterior: number[] } {
    const z = this.bias.slice();
    const v = featureValue(features.length, this.normalise);
    for (const f of features) {
      const w = this.weights.get(f);
      if (w) for (let k = 0; k < z.length; k++) z[k]! += w[k]! * v;
    }
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, v) => a + v, 0);
    const posterior = e.map((v) => v / sum);
    let best = 0;
    for (let k = 1; k < posterior.length; k++) if (posterior[k]! > posterior[best]!) best = k;
    return { label: this.labels[best]!, probability: posterior[best]!, posterior };
  }
}
