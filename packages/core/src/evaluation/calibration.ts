/**
 * Expected calibration error (ECE) with equal-width confidence bins, and the bin table a
 * reliability diagram is drawn from.
 */
import { argmax, positiveClassScores } from './probability-matrix.js';
import { classLabels, invalidArgument, matrixColumns, probabilityValues } from './validate.js';

export interface CalibrationOptions {
  /** Number of equal-width bins over [0, 1]. Default 15, as in Guo et al. (2017). */
  numBins?: number;
}

/** One bin of a reliability diagram. Empty bins have `count` 0 and null means. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence of the samples in the bin. */
  meanConfidence: number | null;
  /** Fraction of the bin's samples that are correct (top-label) or positive (binary). */
  observedFrequency: number | null;
}

export interface CalibrationResult {
  /** sum over bins of (count / n) * |observedFrequency - meanConfidence|. */
  ece: number;
  /** What was binned: P(class 1) for binary input, the top-label confidence otherwise. */
  mode: 'positive-class' | 'top-label';
  bins: CalibrationBin[];
}

/**
 * Bin index of confidence `c` for bins (lower, upper], the first bin also holding 0
 * (the convention of Guo et al. and torchmetrics). Compares against `i / numBins`
 * directly so values on an edge land in the lower bin despite rounding in `c * numBins`.
 */
function binOf(c: number, numBins: number): number {
  let bin = Math.min(Math.max(Math.ceil(c * numBins) - 1, 0), numBins - 1);
  while (bin > 0 && c <= bin / numBins) bin--;
  while (bin < numBins - 1 && c > (bin + 1) / numBins) bin++;
  return bin;
}

/**
 * Expected calibration error of predicted probabilities.
 *
 * Binary input (one probability of class 1 per label, or an `[n, 2]` matrix whose second
 * column is used) bins P(class 1) and compares it with the fraction of positives. A row-major
 * `[n, k]` matrix with k >= 3 bins the top-label confidence (the row maximum) and compares it
 * with the accuracy of the argmax prediction (ties to the lowest class).
 *
 * @example expectedCalibrationError([1, 0], [0.9, 0.3], { numBins: 2 }).ece
 * // bin (0, 0.5]: |0 - 0.3| and bin (0.5, 1]: |1 - 0.9|, each weighted 1/2 -> 0.2
 */
export function expectedCalibrationError(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: CalibrationOptions = {},
): CalibrationResult {
  const numBins = options.numBins ?? 15;
  if (!Number.isInteger(numBins) || numBins < 1) {
    throw invalidArgument(`numBins must be a positive integer, got ${numBins}`);
  }
  if (labels.length === 0) throw invalidArgument('labels is empty');
  const values = probabilityValues('probabilities', probabilities);
  const k = matrixColumns('probabilities', values.length, labels.length);
  const truth = classLabels('labels', labels, Math.max(k, 2));

  const mode = k <= 2 ? 'positive-class' : 'top-label';
  let confidences: number[];
  let outcomes: number[];
  if (mode === 'positive-class') {
    confidences = positiveClassScores(values, k);
    outcomes = truth;
  } else {
    const predicted = argmax(values, k);
    confidences = truth.map((_, i) => values[i * k + (predicted[i] as number)] as number);
    outcomes = truth.map((t, i) => (t === predicted[i] ? 1 : 0));
  }

  const counts = new Array<number>(numBins).fill(0);
  const confidenceSums = new Array<number>(numBins).fill(0);
  const outcomeSums = new Array<number>(numBins).fill(0);
  confidences.forEach((c, i) => {
    const b = binOf(c, numBins);
    counts[b] = (counts[b] as number) + 1;
    confidenceSums[b] = (confidenceSums[b] as number) + c;
    outcomeSums[b] = (outcomeSums[b] as number) + (outcomes[i] as number);
  });

  let ece = 0;
  const bins = counts.map((count, b): CalibrationBin => {
    const bin = { lower: b / numBins, upper: (b + 1) / numBins, count };
    if (count === 0) return { ...bin, meanConfidence: null, observedFrequency: null };
    const meanConfidence = (confidenceSums[b] as number) / count;
    const observedFrequency = (outcomeSums[b] as number) / count;
    ece += (count / truth.length) * Math.abs(observedFrequency - meanConfidence);
    return { ...bin, meanConfidence, observedFrequency };
  });
  return { ece, mode, bins };
}
