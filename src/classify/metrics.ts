/** Classification metrics for the eval script and the model checks. */

export interface Report {
  labels: string[];
  accuracy: number;
  macroF1: number;
  perLabel: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** confusion[i][j] = items with gold labels[i] predicted as labels[j]. */
  confusion: number[][];
}

export function evaluate(gold: string[], predicted: string[], labels: readonly string[]): Report {
  const idx = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    if (g === p) correct++;
    const gi = idx.get(g);
    const pi = idx.get(p);
    if (gi !== undefined && pi !== undefined) confusion[gi]![pi]! += 1;
  });
  const perLabel = labels.map((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perLabel.filter((p) => p.support > 0);
  return {
    labels: [...labels],
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: present.reduce((a, p) => a + p.f1, 0) / (present.length || 1),
    perLabel,
    confusion,
  };
}

export function formatReport(title: string, r: Report): string {
  const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
  const w = Math.max(...r.labels.map((l) => width(l))) + 2;
  const lines = [
    `== ${title}`,
    `accuracy ${pct(r.accuracy)} %   macro-F1 ${r.macroF1.toFixed(3)}`,
    `${pad('', w)}  prec  recall   F1    n`,
    ...r.perLabel.map(
      (p) =>
        `${pad(p.label, w)} ${pct(p.precision)} ${pct(p.recall)} ${p.f1.toFixed(3)} ${String(p.support).padStart(4)}`,
    ),
    `confusion (rows = gold, columns = predicted, in the order above):`,
    ...r.confusion.map((row, i) => `${pad(r.labels[i]!, w)} ${row.map((v) => String(v).padStart(4)).join('')}`),
  ];
  return lines.join('\n');
}

/** CJK characters take two columns in a terminal. */
function width(s: string): number {
  return Array.from(s).reduce((a, ch) => a + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}
