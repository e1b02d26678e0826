/**
 * Label-based classification metrics: accuracy, confusion matrix, and per-class and averaged
 * precision, recall and F1. Labels and predictions are integer class indices.
 */
import { classLabels, invalidArgument, requireNumClasses, requireSameLength } from './validate.js';

export interface ClassCountOptions {
  /**
   * Number of classes. Default: one more than the largest label or prediction seen.
   * Labels or predictions at or above it are rejected.
   */
  numClasses?: number;
}

/** Precision, recall, F1 and support of one class. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of samples whose true label is this class. */
  support: number;
}

/** Precision, recall and F1 averaged over classes or samples. */
export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface PrecisionRecallF1 {
  /** One entry per class index, 0 to numClasses - 1. */
  perClass: ClassMetrics[];
  /**
   * Unweighted mean of the per-class values over the classes that occur in the labels or the
   * predictions (scikit-learn's default label set). Macro F1 is the mean of per-class F1,
   * not the F1 of macro precision and recall.
   */
  macro: AveragedMetrics;
  /**
   * From counts pooled over classes. For single-label problems micro precision, recall and F1
   * all equal accuracy.
   */
  micro: AveragedMetrics;
  /** Per-class values weighted by support. */
  weighted: AveragedMetrics;
}

/** Largest class count `confusionMatrix` (and so `precisionRecallF1`) accepts. */
export const MAX_CONFUSION_CLASSES = 4096;

function checkedPair(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses?: number,
): { truth: number[]; predicted: number[] } {
  if (numClasses !== undefined) requireNumClasses(numClasses);
  const truth = classLabels('labels', labels, numClasses);
  const predicted = classLabels('predictions', predictions, numClasses);
  requireSameLength({ name: 'labels', length: truth.length }, { name: 'predictions', length: predicted.length });
  return { truth, predicted };
}

/** Fraction of samples whose prediction equals the label. */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  const { truth, predicted } = checkedPair(labels, predictions);
  let correct = 0;
  truth.forEach((t, i) => {
    if (t === predicted[i]) correct++;
  });
  return correct / truth.length;
}

/**
 * Confusion matrix of counts: `matrix[t][p]` is the number of samples with true label `t`
 * predicted as `p` (rows = true classes, columns = predicted classes). At most
 * `MAX_CONFUSION_CLASSES` classes, so a stray label such as 1e9 fails fast instead of
 * allocating a huge matrix.
 *
 * @example confusionMatrix([0, 1, 1], [0, 0, 1]) // [[1, 0], [1, 1]]
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: ClassCountOptions = {},
): number[][] {
  const { truth, predicted } = checkedPair(labels, predictions, options.numClasses);
  const k = options.numClasses ?? largest(truth, predicted) + 1;
  if (k > MAX_CONFUSION_CLASSES) {
    throw invalidArgument(
      `confusion matrix of ${k} classes is larger than the ${MAX_CONFUSION_CLASSES} supported (is a label mis-decoded?)`,
    );
  }
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => {
    const row = matrix[t] as number[];
    const p = predicted[i] as number;
    row[p] = (row[p] as number) + 1;
  });
  return matrix;
}

// A loop rather than Math.max(...values): spreading a million labels overflows the call stack.
function largest(a: readonly number[], b: readonly number[]): number {
  let max = 0;
  for (const v of a) if (v > max) max = v;
  for (const v of b) if (v > max) max = v;
  return max;
}

/** a / b, or 0 when b is 0 (scikit-learn's `zero_division=0`). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function f1Of(precision: number, recall: number): number {
  return ratio(2 * precision * recall, precision + recall);
}

function requireConfusionMatrix(matrix: readonly (readonly number[])[]): void {
  if (matrix.length === 0) throw invalidArgument('confusion matrix is empty');
  matrix.forEach((row, t) => {
    if (row.length !== matrix.length) {
      throw invalidArgument(`confusion matrix row ${t} has ${row.length} entries, expected ${matrix.length}`);
    }
    const bad = row.findIndex((v) => !Number.isInteger(v) || v < 0);
    if (bad >= 0) throw invalidArgument(`confusion matrix [${t}][${bad}] is ${row[bad]}, expected a count`);
  });
}

/**
 * Per-class and averaged precision, recall and F1 from a confusion matrix (rows = true).
 *
 * Undefined ratios are 0, as scikit-learn's `zero_division=0`: a class never predicted has
 * precision 0, a class with no true samples has recall 0, and F1 is 0 when both are 0.
 */
export function metricsFromConfusion(matrix: readonly (readonly number[])[]): PrecisionRecallF1 {
  requireConfusionMatrix(matrix);
  const k = matrix.length;
  const at = (t: number, p: number): number => matrix[t]?.[p] ?? 0;
  const truePositives: number[] = [];
  const predictedCounts: number[] = [];
  const supports: number[] = [];
  for (let c = 0; c < k; c++) {
    let predicted = 0;
    let support = 0;
    for (let o = 0; o < k; o++) {
      predicted += at(o, c);
      support += at(c, o);
    }
    truePositives.push(at(c, c));
    predictedCounts.push(predicted);
    supports.push(support);
  }
  const perClass = truePositives.map((tp, c): ClassMetrics => {
    const precision = ratio(tp, predictedCounts[c] as number);
    const recall = ratio(tp, supports[c] as number);
    return { precision, recall, f1: f1Of(precision, recall), support: supports[c] as number };
  });

  const present = perClass.filter((_, c) => (supports[c] as number) > 0 || (predictedCounts[c] as number) > 0);
  const mean = (pick: (m: ClassMetrics) => number): number =>
    ratio(
      present.reduce((s, m) => s + pick(m), 0),
      present.length,
    );
  const total = supports.reduce((s, v) => s + v, 0);
  const weightedMean = (pick: (m: ClassMetrics) => number): number =>
    ratio(
      perClass.reduce((s, m) => s + pick(m) * m.support, 0),
      total,
    );
  const tpSum = truePositives.reduce((s, v) => s + v, 0);
  const microPrecision = ratio(
    tpSum,
    predictedCounts.reduce((s, v) => s + v, 0),
  );
  const microRecall = ratio(tpSum, total);

  return {
    perClass,
    macro: { precision: mean((m) => m.precision), recall: mean((m) => m.recall), f1: mean((m) => m.f1) },
    micro: { precision: microPrecision, recall: microRecall, f1: f1Of(microPrecision, microRecall) },
    weighted: {
      precision: weightedMean((m) => m.precision),
      recall: weightedMean((m) => m.recall),
      f1: weightedMean((m) => m.f1),
    },
  };
}

/**
 * Per-class precision, recall, F1 and support with macro, micro and weighted averages.
 * See `metricsFromConfusion` for the conventions.
 */
export function precisionRecallF1(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: ClassCountOptions = {},
): PrecisionRecallF1 {
  return metricsFromConfusion(confusionMatrix(labels, predictions, options));
}
