import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { predictedClasses, targetClasses } from './targets.js';

/** A metric: one value per example (shape [n]); `train()` reports its mean over an epoch. */
export interface Metric {
  /** The key in the logs; validation values get a `val_` prefix. */
  readonly name: string;
  readonly fn: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
}

/**
 * 1 where the predicted class equals the target's, else 0. Reads targets as integer labels,
 * one-hot rows, or binary labels against a single probability (threshold 0.5).
 */
export const accuracy: Metric = Object.freeze({
  name: 'accuracy',
  fn: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.equal(targetClasses(yTrue, yPred), predictedClasses(yPred)).toFloat(),
});

/** The built-in metrics by name. */
export const METRICS = Object.freeze({ accuracy });

export type MetricName = keyof typeof METRICS;

/** Keys that `train()` writes itself, so no metric may take them. */
const RESERVED = new Set(['epoch', 'batch', 'size', 'loss', 'lr', 'duration_s', 'samples_per_s']);

export function resolveMetrics(metrics: readonly (MetricName | Metric)[]): Metric[] {
  const resolved = metrics.map((metric) => {
    if (typeof metric !== 'string') return metric;
    if (Object.hasOwn(METRICS, metric)) return METRICS[metric];
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `unknown metric "${metric}"; known metrics: ${Object.keys(METRICS).join(', ')}, or pass { name, fn }`,
    );
  });
  const seen = new Set<string>();
  for (const { name } of resolved) {
    if (!/^[A-Za-z][\w]*$/.test(name) || name.startsWith('val_') || RESERVED.has(name) || seen.has(name)) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `metric name "${name}" must be a unique identifier, not start with "val_" and not be one of ${[...RESERVED].join(', ')}`,
      );
    }
    seen.add(name);
  }
  return resolved;
}
