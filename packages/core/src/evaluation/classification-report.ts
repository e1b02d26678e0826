/**
 * Every classification metric in one object with the snake_case names of the
 * `evaluate --json` contract (DESIGN.md).
 */
import { averagePrecision, averagePrecisionOneVsRest } from './average-precision.js';
import { expectedCalibrationError } from './calibration.js';
import { accuracy, confusionMatrix, metricsFromConfusion } from './classification.js';
import { logLoss } from './log-loss.js';
import { positiveClassScores } from './probability-matrix.js';
import { rocAuc, rocAucOneVsRest } from './roc-auc.js';
import { finiteValues, invalidArgument, matrixColumns } from './validate.js';

export interface ClassificationReportInput {
  /** True class indices. */
  labels: ArrayLike<number>;
  /** Predicted class indices, one per label. */
  predictions: ArrayLike<number>;
  /**
   * Predicted probabilities: P(class 1) per sample for a binary problem, or a row-major
   * `[n, k]` matrix. When given, the report adds `roc_auc`, `pr_auc`, `log_loss` and `ece`.
   */
  probabilities?: ArrayLike<number>;
  /** Names of classes 0..k-1; also fixes the number of classes. */
  classNames?: readonly string[];
  /** Bins for `ece`. Default 15. */
  numBins?: number;
}

export interface PerClassReport {
  class_index: number;
  class_name?: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  macro_precision: number;
  macro_recall: number;
  macro_f1: number;
  /** Equals accuracy for single-label problems; kept because the contract names it. */
  micro_f1: number;
  weighted_f1: number;
  per_class: PerClassReport[];
  /** Rows = true class, columns = predicted class. */
  confusion_matrix: number[][];
  /**
   * Binary: ROC-AUC of P(class 1). Multi-class: macro one-vs-rest ROC-AUC.
   * null when undefined (only one class present in the labels).
   */
  roc_auc?: number | null;
  /** Average precision, binary or macro one-vs-rest; null when undefined. */
  pr_auc?: number | null;
  log_loss?: number;
  /** Expected calibration error, 15 equal-width bins unless `numBins` says otherwise. */
  ece?: number;
}

/** Number of classes implied by the input; checks that class names and probabilities agree. */
function classCount(input: ClassificationReportInput, columns: number | undefined): number {
  const fromNames = input.classNames?.length;
  const fromProbabilities = columns === undefined ? undefined : Math.max(columns, 2);
  if (fromNames !== undefined && fromProbabilities !== undefined && fromNames !== fromProbabilities) {
    throw invalidArgument(`classNames has ${fromNames} names but probabilities describe ${fromProbabilities} classes`);
  }
  if (fromNames === 0) throw invalidArgument('classNames is empty');
  if (fromNames !== undefined) return fromNames;
  if (fromProbabilities !== undefined) return fromProbabilities;
  let max = 0;
  for (const v of Array.from(input.labels)) if (v > max) max = v;
  for (const v of Array.from(input.predictions)) if (v > max) max = v;
  return max + 1;
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/**
 * Accuracy, macro/micro/weighted precision-recall-F1, per-class metrics and the confusion matrix,
 * plus ROC-AUC, PR-AUC, log loss and ECE when probabilities are given.
 *
 * The number of classes comes from `classNames`, else the probability matrix, else the largest
 * label or prediction; labels or predictions outside it are INVALID_ARGUMENT.
 *
 * @example classificationReport({ labels: [0, 1, 1], predictions: [0, 1, 0], classNames: ['cat', 'dog'] })
 * // { accuracy: 0.667, macro_f1: 0.667, ..., per_class: [{ class_index: 0, class_name: 'cat', ... }, ...] }
 */
export function classificationReport(input: ClassificationReportInput): ClassificationReport {
  const { labels, predictions, probabilities, classNames } = input;
  if (labels.length === 0) throw invalidArgument('labels is empty');
  const columns =
    probabilities === undefined ? undefined : matrixColumns('probabilities', probabilities.length, labels.length);
  const numClasses = classCount(input, columns);
  const matrix = confusionMatrix(labels, predictions, { numClasses });
  const { perClass, macro, micro, weighted } = metricsFromConfusion(matrix);

  const report: ClassificationReport = {
    accuracy: accuracy(labels, predictions),
    macro_precision: macro.precision,
    macro_recall: macro.recall,
    macro_f1: macro.f1,
    micro_f1: micro.f1,
    weighted_f1: weighted.f1,
    per_class: perClass.map((m, c) => ({
      class_index: c,
      ...(classNames === undefined ? {} : { class_name: classNames[c] as string }),
      ...m,
    })),
    confusion_matrix: matrix,
  };
  if (probabilities === undefined || columns === undefined) return report;

  if (numClasses === 2) {
    const scores = positiveClassScores(finiteValues('probabilities', probabilities), columns);
    report.roc_auc = nullIfNaN(rocAuc(labels, scores));
    report.pr_auc = nullIfNaN(averagePrecision(labels, scores));
  } else {
    report.roc_auc = nullIfNaN(rocAucOneVsRest(labels, probabilities));
    report.pr_auc = nullIfNaN(averagePrecisionOneVsRest(labels, probabilities));
  }
  report.log_loss = logLoss(labels, probabilities);
  report.ece = expectedCalibrationError(labels, probabilities, { numBins: input.numBins ?? 15 }).ece;
  return report;
}
