/**
 * Shared plumbing for binary score metrics (ROC-AUC, average precision) and their
 * one-vs-rest extension to multi-class probability matrices.
 */
import { matrixColumn } from './probability-matrix.js';
import {
  binaryLabels,
  classLabels,
  finiteValues,
  invalidArgument,
  matrixColumns,
  requireSameLength,
} from './validate.js';

/** A metric of 0/1 labels against scores, already validated and of equal length. */
export type BinaryScoreMetric = (truth: readonly number[], scores: readonly number[]) => number;

/** Validates binary labels and one score per label, then applies `metric`. */
export function binaryScoreMetric(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  metric: BinaryScoreMetric,
): number {
  const truth = binaryLabels('labels', labels);
  const values = finiteValues('scores', scores);
  requireSameLength({ name: 'labels', length: truth.length }, { name: 'scores', length: values.length });
  return metric(truth, values);
}

/**
 * Applies `metric` to each class c of a row-major `[n, k]` score matrix: labels `== c`
 * against column c. Classes that are absent, or that are every label, give NaN.
 */
export function oneVsRest(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  metric: BinaryScoreMetric,
): number[] {
  if (labels.length === 0) throw invalidArgument('labels is empty');
  const values = finiteValues('probabilities', probabilities);
  const k = matrixColumns('probabilities', values.length, labels.length);
  if (k < 2) throw invalidArgument('one-vs-rest needs a probability matrix with at least 2 columns');
  const truth = classLabels('labels', labels, k);
  return Array.from({ length: k }, (_, c) =>
    metric(
      truth.map((t) => (t === c ? 1 : 0)),
      matrixColumn(values, k, c),
    ),
  );
}

/** Mean of the values that are not NaN; NaN when every value is NaN. */
export function meanOfDefined(values: readonly number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  return defined.length === 0 ? Number.NaN : defined.reduce((s, v) => s + v, 0) / defined.length;
}

/** Indices of `scores` ordered by score, ascending or descending; equal scores keep index order. */
export function orderByScore(scores: readonly number[], direction: 'ascending' | 'descending'): number[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return Array.from(scores.keys()).sort((a, b) => sign * ((scores[a] as number) - (scores[b] as number)) || a - b);
}
