/**
 * Average precision, the area under the precision-recall curve as scikit-learn's
 * `average_precision_score` computes it: AP = sum over thresholds of (R_n - R_{n-1}) * P_n,
 * a step function without interpolation. Each distinct score is one threshold, so tied
 * scores enter together.
 */
import { binaryScoreMetric, meanOfDefined, oneVsRest, orderByScore } from './one-vs-rest.js';

/** Average precision of already validated 0/1 labels against scores; NaN with no positives. */
export function averagePrecisionOf(truth: readonly number[], scores: readonly number[]): number {
  const positives = truth.reduce((s, t) => s + t, 0);
  if (positives === 0) return Number.NaN;
  const order = orderByScore(scores, 'descending');
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let area = 0;
  while (seen < order.length) {
    const score = scores[order[seen] as number];
    // Lower the threshold to `score`: every sample with that score becomes a predicted positive.
    while (seen < order.length && scores[order[seen] as number] === score) {
      truePositives += truth[order[seen] as number] as number;
      seen++;
    }
    const recall = truePositives / positives;
    area += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
  }
  return area;
}

/**
 * Average precision (PR-AUC) of a binary problem: `labels` are 0/1, `scores` rank samples.
 *
 * Edge case: with no positive label AP is undefined and the result is NaN (scikit-learn warns
 * and returns 0).
 *
 * @example averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.8333... (scikit-learn docs)
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return binaryScoreMetric(labels, scores, averagePrecisionOf);
}

/**
 * Macro one-vs-rest average precision over a row-major `[n, k]` probability matrix: the mean
 * of each class's AP over the classes present in the labels; NaN if none is.
 */
export function averagePrecisionOneVsRest(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  return meanOfDefined(oneVsRest(labels, probabilities, averagePrecisionOf));
}
