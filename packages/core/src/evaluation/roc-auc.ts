/**
 * Area under the ROC curve, computed from ranks (the Mann-Whitney U statistic) so that
 * tied scores count one half, exactly as the trapezoidal area under the ROC curve does.
 */
import { binaryScoreMetric, meanOfDefined, oneVsRest, orderByScore } from './one-vs-rest.js';

/**
 * ROC-AUC of already validated 0/1 labels against scores:
 * (sum of positive ranks - P(P+1)/2) / (P * N), with tied scores sharing their average rank.
 * NaN when only one class is present.
 */
export function rocAucOf(truth: readonly number[], scores: readonly number[]): number {
  const positives = truth.reduce((s, t) => s + t, 0);
  const negatives = truth.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = orderByScore(scores, 'ascending');
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    const score = scores[order[start] as number];
    while (end + 1 < order.length && scores[order[end + 1] as number] === score) end++;
    // Ranks start..end (1-based: start+1..end+1) are shared by a run of equal scores.
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) positiveRankSum += (truth[order[i] as number] as number) * averageRank;
    start = end + 1;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ROC-AUC of a binary problem: `labels` are 0/1, `scores` rank samples by how likely they are
 * to be positive (probabilities, logits or any monotone score).
 *
 * Edge case: with only one class present the AUC is undefined and the result is NaN
 * (scikit-learn raises instead); callers decide whether to report or reject it.
 *
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75 (scikit-learn docs)
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return binaryScoreMetric(labels, scores, rocAucOf);
}

/**
 * One-vs-rest ROC-AUC of each class from a row-major `[n, k]` probability matrix
 * (`k = probabilities.length / labels.length`, at least 2). NaN for a class that is absent
 * from the labels or is every label.
 */
export function rocAucPerClass(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number[] {
  return oneVsRest(labels, probabilities, rocAucOf);
}

/**
 * Macro one-vs-rest ROC-AUC: the unweighted mean of `rocAucPerClass` over the classes where it
 * is defined (scikit-learn's `multi_class='ovr', average='macro'`, which instead raises when a
 * class is missing). NaN when no class has both positives and negatives.
 */
export function rocAucOneVsRest(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  return meanOfDefined(rocAucPerClass(labels, probabilities));
}
