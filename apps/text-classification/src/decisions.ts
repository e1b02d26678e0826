import type { TaskKind } from './datasets/labeled-texts.js';

/** How probabilities become classes: the task and its threshold (see `TextPreprocessing.threshold`). */
export interface DecisionRule {
  task: TaskKind;
  threshold: number;
}

/**
 * The class of one single-label row of probabilities: for two classes, class 1 when its
 * probability reaches the threshold; for more, the most probable class (first on ties).
 *
 * @example predictedClass([0.7, 0.3], 0.25) // 1
 */
export function predictedClass(row: ArrayLike<number>, threshold: number): number {
  if (row.length === 2) return (row[1] as number) >= threshold ? 1 : 0;
  let best = 0;
  for (let c = 1; c < row.length; c++) if ((row[c] as number) > (row[best] as number)) best = c;
  return best;
}

/** The classes of one multi-label row: every class whose probability reaches the threshold. */
export function predictedSet(row: ArrayLike<number>, threshold: number): number[] {
  const classes: number[] = [];
  for (let c = 0; c < row.length; c++) if ((row[c] as number) >= threshold) classes.push(c);
  return classes;
}

/** The decided classes of every row of a row-major [n, k] probability matrix. */
export function decideAll(probabilities: Float32Array, k: number, rule: DecisionRule): number[][] {
  const out: number[][] = [];
  for (let i = 0; i * k < probabilities.length; i++) {
    const row = probabilities.subarray(i * k, (i + 1) * k);
    out.push(rule.task === 'multi-label' ? predictedSet(row, rule.threshold) : [predictedClass(row, rule.threshold)]);
  }
  return out;
}

/**
 * The threshold on P(class 1) that maximises macro F1 on held-out binary labels. Every distinct
 * cut of the sorted scores is tried (a threshold halfway between neighbouring scores); among
 * equally good ones the closest to 0.5 wins, so a flat optimum changes nothing.
 */
export function tuneThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = Array.from(labels).filter((label) => label === 1).length;
  let best = 0.5;
  let bestScore = -1;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k <= n; k++) {
    // The top k scores are predicted positive; the threshold lies between score k-1 and score k.
    if (k > 0) {
      if (labels[order[k - 1] as number] === 1) tp++;
      else fp++;
    }
    const above = k > 0 ? (scores[order[k - 1] as number] as number) : 1;
    const below = k < n ? (scores[order[k] as number] as number) : 0;
    if (k < n && above === below) continue;
    const threshold = (above + below) / 2;
    const score = macroF1Binary({ tp, fp, positives, n });
    const closer = Math.abs(threshold - 0.5) < Math.abs(best - 0.5);
    if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && closer)) {
      best = threshold;
      bestScore = score;
    }
  }
  return best;
}

function macroF1Binary(counts: { tp: number; fp: number; positives: number; n: number }): number {
  const { tp, fp, positives, n } = counts;
  const fn = positives - tp;
  const tn = n - positives - fp;
  const f1 = (t: number, f: number, m: number) => (t === 0 ? 0 : (2 * t) / (2 * t + f + m));
  return (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2;
}
