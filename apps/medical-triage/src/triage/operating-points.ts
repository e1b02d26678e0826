import { ScenarioError } from '@scenarios/core';
import { confusionMatrix, metricsFromConfusion } from '@scenarios/core/evaluation';

/**
 * The two thresholds on the calibrated probability that sort a worklist: at or above `urgent`
 * a study is read first, below `routine` it waits its turn, in between a person decides.
 */
export interface OperatingPoints {
  urgent: number;
  routine: number;
  /** Share of positive validation studies at or above `urgent`, as asked for. */
  target_sensitivity: number;
  /** Share of positive validation studies at or above `routine` (not routine), as asked for. */
  routine_sensitivity: number;
}

export interface ChooseOperatingPointsOptions {
  /** Default 0.95. */
  targetSensitivity?: number;
  /** At least `targetSensitivity`. Default 0.99. */
  routineSensitivity?: number;
}

/** Default sensitivity of the urgent threshold. */
export const DEFAULT_TARGET_SENSITIVITY = 0.95;
/** Default share of positive studies kept out of the routine queue. */
export const DEFAULT_ROUTINE_SENSITIVITY = 0.99;

/**
 * Chooses the operating points on labelled validation scores: `urgent` is the highest threshold
 * whose sensitivity (positives with p >= threshold) reaches `targetSensitivity`, that is the k-th
 * highest positive score with k = ceil(target x positives); `routine` is chosen the same way for
 * `routineSensitivity`, so at most 1 - routineSensitivity of the positives are called routine.
 *
 * @example chooseOperatingPoints([1, 1, 1, 1, 0], [0.9, 0.8, 0.6, 0.3, 0.2], { targetSensitivity: 0.75, routineSensitivity: 1 })
 * // { urgent: 0.6, routine: 0.3, target_sensitivity: 0.75, routine_sensitivity: 1 }
 */
export function chooseOperatingPoints(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: ChooseOperatingPointsOptions = {},
): OperatingPoints {
  const target = options.targetSensitivity ?? DEFAULT_TARGET_SENSITIVITY;
  const routine = options.routineSensitivity ?? DEFAULT_ROUTINE_SENSITIVITY;
  if (!(target > 0 && target <= 1) || !(routine >= target && routine <= 1)) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `sensitivities must satisfy 0 < target (${target}) <= routine (${routine}) <= 1`,
    );
  }
  if (labels.length !== probabilities.length) {
    throw new ScenarioError('INVALID_ARGUMENT', `${labels.length} labels but ${probabilities.length} probabilities`);
  }
  const positives = Array.from(probabilities)
    .filter((_, i) => labels[i] === 1)
    .sort((a, b) => b - a);
  if (positives.length === 0) {
    throw new ScenarioError('INVALID_ARGUMENT', 'operating points need positive examples in the validation data');
  }
  const at = (sensitivity: number) => {
    // The small tolerance keeps 0.95 x 20 = 19 from becoming 19.000000000000004 and then 20.
    const k = Math.max(1, Math.ceil(sensitivity * positives.length - 1e-9));
    return positives[k - 1] as number;
  };
  return { urgent: at(target), routine: at(routine), target_sensitivity: target, routine_sensitivity: routine };
}

/** Binary metrics of "p >= threshold" as the positive call. */
export interface ThresholdMetrics {
  threshold: number;
  sensitivity: number;
  specificity: number;
  /** Positive predictive value (precision of the positive call). */
  ppv: number;
  /** Negative predictive value. */
  npv: number;
  true_positives: number;
  false_positives: number;
  true_negatives: number;
  false_negatives: number;
}

/**
 * Sensitivity, specificity, PPV and NPV of calling p >= threshold positive, from core's confusion
 * matrix; a ratio with nothing to count (no predicted positives, say) is 0.
 */
export function metricsAtThreshold(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold: number,
): ThresholdMetrics {
  const predictions = Array.from(probabilities, (p) => (p >= threshold ? 1 : 0));
  const matrix = confusionMatrix(labels, predictions, { numClasses: 2 });
  const { perClass } = metricsFromConfusion(matrix);
  const [negative, positive] = perClass as [(typeof perClass)[0], (typeof perClass)[0]];
  const [[tn, fp], [fn, tp]] = matrix as [[number, number], [number, number]];
  return {
    threshold,
    sensitivity: positive.recall,
    specificity: negative.recall,
    ppv: positive.precision,
    npv: negative.precision,
    true_positives: tp,
    false_positives: fp,
    true_negatives: tn,
    false_negatives: fn,
  };
}
