/**
 * Regression error metrics over paired targets and predictions.
 */
import { finiteValues, requireSameLength } from './validate.js';

function residuals(targets: ArrayLike<number>, predictions: ArrayLike<number>): number[] {
  const t = finiteValues('targets', targets);
  const p = finiteValues('predictions', predictions);
  requireSameLength({ name: 'targets', length: t.length }, { name: 'predictions', length: p.length });
  return t.map((v, i) => v - (p[i] as number));
}

/**
 * Root mean squared error: sqrt(mean((target - prediction)^2)).
 *
 * @example rmse([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // sqrt(0.375) = 0.6123...
 */
export function rmse(targets: ArrayLike<number>, predictions: ArrayLike<number>): number {
  const r = residuals(targets, predictions);
  return Math.sqrt(r.reduce((s, v) => s + v * v, 0) / r.length);
}

/**
 * Mean absolute error: mean(|target - prediction|).
 *
 * @example mae([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.5 (scikit-learn docs)
 */
export function mae(targets: ArrayLike<number>, predictions: ArrayLike<number>): number {
  const r = residuals(targets, predictions);
  return r.reduce((s, v) => s + Math.abs(v), 0) / r.length;
}
