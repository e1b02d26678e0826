/**
 * Log loss (cross-entropy) of predicted probabilities against true labels.
 */
import { classLabels, invalidArgument, matrixColumns, probabilityValues } from './validate.js';

export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps] so a confident mistake costs -ln(eps) instead of
   * infinity. Default 1e-15, scikit-learn's long-standing default.
   */
  eps?: number;
}

/**
 * Mean negative log-likelihood of the true labels, natural log.
 *
 * `probabilities` is either one value per label, the probability of class 1 of a binary problem
 * (`-mean(y ln p + (1 - y) ln(1 - p))`), or a row-major `[n, k]` matrix of class probabilities
 * (`-mean(ln p[i, y_i])`). Rows are used as given, not renormalised; values must lie in [0, 1].
 *
 * @example logLoss([1, 0, 0, 1], [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]) // 0.21616... (scikit-learn docs)
 */
export function logLoss(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: LogLossOptions = {},
): number {
  const eps = options.eps ?? 1e-15;
  if (!(eps > 0 && eps < 0.5)) throw invalidArgument(`eps must be in (0, 0.5), got ${eps}`);
  if (labels.length === 0) throw invalidArgument('labels is empty');
  const values = probabilityValues('probabilities', probabilities);
  const k = matrixColumns('probabilities', values.length, labels.length);
  const truth = classLabels('labels', labels, Math.max(k, 2));
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);
  let total = 0;
  truth.forEach((t, i) => {
    const p = k === 1 ? (t === 1 ? (values[i] as number) : 1 - (values[i] as number)) : (values[i * k + t] as number);
    total -= Math.log(clip(p));
  });
  return total / truth.length;
}
