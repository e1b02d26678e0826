import type { tf } from '@scenarios/core';
import { accuracy, expectedCalibrationError, rocAuc } from '@scenarios/core/evaluation';
import { predictDataset } from '@scenarios/core/training';
import { type TriageImages, triageDataset } from './datasets/medmnist.js';
import { decide, type Priority } from './triage/decide.js';
import { metricsAtThreshold, type ThresholdMetrics } from './triage/operating-points.js';
import type { TriageConfig } from './triage/triage-config.js';

/** The metrics of a triage model on a labelled split (snake_case, as `evaluate --json` prints them). */
export interface TriageMetrics {
  /** ROC-AUC of the calibrated probability (the same as of the raw one: scaling keeps the order). */
  roc_auc: number;
  /** Accuracy of calling p >= 0.5 positive (temperature scaling leaves this call unchanged). */
  accuracy: number;
  /** Expected calibration error (15 equal-width bins) of the network's own probability. */
  ece_uncalibrated: number;
  /** Expected calibration error after temperature scaling. */
  ece: number;
  /** p >= urgent threshold as the positive call. */
  urgent: ThresholdMetrics;
  /** p >= routine threshold (not routine) as the positive call. */
  not_routine: ThresholdMetrics;
  /** Studies per priority, out-of-distribution rules included. */
  priorities: Record<Priority, number>;
  /** Studies sent to review because their image statistics lie far from the training images. */
  out_of_distribution: number;
  n: number;
  positives: number;
}

/** The network's softmax outputs [p0, p1] for every image of a split, in order. */
export function scoreImages(model: tf.LayersModel, images: TriageImages): Promise<Float32Array> {
  return predictDataset(model, triageDataset(images));
}

/**
 * Scores a labelled split with a triage configuration: ranking and calibration metrics, the
 * metrics at both operating points, and the priority every study gets through `decide`.
 */
export function triageMetrics(
  config: TriageConfig,
  split: { images: TriageImages; scores: Float32Array },
): TriageMetrics {
  const { images, scores } = split;
  const { labels, shape } = images;
  const size = shape.height * shape.width * shape.channels;
  const raw = new Float64Array(images.count);
  const calibrated = new Float64Array(images.count);
  const priorities: Record<Priority, number> = { urgent: 0, review: 0, routine: 0 };
  let outOfDistribution = 0;
  for (let i = 0; i < images.count; i++) {
    const pair: [number, number] = [scores[2 * i] as number, scores[2 * i + 1] as number];
    const decision = decide(config, { scores: pair, pixels: images.images.subarray(i * size, (i + 1) * size), shape });
    raw[i] = pair[1];
    calibrated[i] = decision.probability;
    priorities[decision.priority]++;
    if (decision.reasons.some((reason) => reason.code === 'image_statistics')) outOfDistribution++;
  }
  const { urgent, routine } = config.operating_points;
  return {
    roc_auc: rocAuc(labels, calibrated),
    accuracy: accuracy(
      labels,
      Array.from(calibrated, (p) => (p >= 0.5 ? 1 : 0)),
    ),
    ece_uncalibrated: expectedCalibrationError(labels, raw).ece,
    ece: expectedCalibrationError(labels, calibrated).ece,
    urgent: metricsAtThreshold(labels, calibrated, urgent),
    not_routine: metricsAtThreshold(labels, calibrated, routine),
    priorities,
    out_of_distribution: outOfDistribution,
    n: images.count,
    positives: labels.reduce((sum, label) => sum + label, 0),
  };
}
