import { ScenarioError } from '@scenarios/core';

/** One label of a prediction. */
export interface LabelScore {
  label: string;
  probability: number;
}

/** Default number of labels returned per image. */
export const DEFAULT_TOP_K = 5;

/**
 * The `k` most probable labels of one row of probabilities, most probable first (ties keep
 * label order). `k` is capped at the number of labels.
 *
 * @example
 * topK([0.1, 0.7, 0.2], ['cat', 'dog', 'bird'], 2); // [{ label: 'dog', probability: 0.7 }, { label: 'bird', probability: 0.2 }]
 */
export function topK(probabilities: ArrayLike<number>, labels: readonly string[], k: number): LabelScore[] {
  if (!Number.isInteger(k) || k < 1)
    throw new ScenarioError('INVALID_ARGUMENT', `top_k must be an integer >= 1, got ${k}`);
  if (probabilities.length !== labels.length) {
    throw new ScenarioError('INTERNAL', `${probabilities.length} probabilities for ${labels.length} labels`);
  }
  return Array.from(labels, (label, i) => ({ label, probability: probabilities[i] as number, i }))
    .sort((a, b) => b.probability - a.probability || a.i - b.i)
    .slice(0, k)
    .map(({ label, probability }) => ({ label, probability }));
}
