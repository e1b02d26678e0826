import { applyTemperature, logitsFromProbabilities } from '@scenarios/core/evaluation';
import type { ImageShape } from '../input/decode-input.js';
import { unusualStatistics } from './image-statistics.js';
import type { TriageConfig } from './triage-config.js';

/** Where a study goes in the worklist. */
export const PRIORITIES = ['urgent', 'review', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Said with every answer: the app sorts a worklist, it does not diagnose. */
export const NOTICE =
  'Not for diagnostic use: a triage aid that orders the reading worklist. Every study must still be read by a qualified clinician.';

/** Why a study was sent to review. Messages never echo values read from the input file. */
export interface ReviewReason {
  code: 'between_thresholds' | 'image_statistics' | 'modality' | 'body_part';
  message: string;
}

/** A triage decision for one study. */
export interface TriageDecision {
  priority: Priority;
  /** Calibrated probability of the urgent class. */
  probability: number;
  /** Empty unless the priority is review. */
  reasons: ReviewReason[];
}

/** What is known about one study besides the network's output. */
export interface StudyFacts {
  /** The network's softmax output [P(class 0), P(class 1)]. */
  scores: readonly [number, number];
  /** The model-size uint8 pixels the network saw. */
  pixels: Uint8Array;
  shape: ImageShape;
  /** DICOM Modality and Body Part Examined, when the input was DICOM. */
  acquisition?: { modality: string | undefined; bodyPartExamined: string | undefined } | undefined;
}

/**
 * The calibrated probability of class 1: the softmax output becomes logits (log-probabilities),
 * is divided by the fitted temperature and goes back through the softmax.
 */
export function calibratedProbability(scores: readonly [number, number], temperature: number): number {
  return applyTemperature(logitsFromProbabilities(scores), temperature, { numClasses: 2 })[1] as number;
}

/**
 * Decides a study's priority: `review` when it is unlike the training data (image statistics, or a
 * DICOM modality or body part that does not fit) or its calibrated probability lies between the
 * routine and urgent thresholds; else `urgent` at or above the urgent threshold, `routine` below
 * the routine one.
 */
export function decide(config: TriageConfig, facts: StudyFacts): TriageDecision {
  const probability = calibratedProbability(facts.scores, config.calibration.temperature);
  const reasons: ReviewReason[] = [];
  const ood = config.out_of_distribution;
  const unusual = unusualStatistics(ood.image_statistics, facts.pixels, facts.shape);
  if (unusual.length > 0) {
    reasons.push({
      code: 'image_statistics',
      message: `image ${unusual.map((s) => s.name).join(', ')} far outside the training images (robust z > ${ood.image_statistics.max_robust_z})`,
    });
  }
  const { modality, bodyPartExamined } = facts.acquisition ?? {};
  if (modality !== undefined && !ood.modalities.includes(modality)) {
    reasons.push({ code: 'modality', message: `the DICOM modality is not one of ${ood.modalities.join(', ')}` });
  }
  if (bodyPartExamined !== undefined && !ood.body_parts.includes(bodyPartExamined)) {
    reasons.push({ code: 'body_part', message: `the DICOM body part is not one of ${ood.body_parts.join(', ')}` });
  }
  const { urgent, routine } = config.operating_points;
  if (reasons.length === 0 && probability < urgent && probability >= routine) {
    reasons.push({
      code: 'between_thresholds',
      message: `probability between the routine (${routine.toFixed(4)}) and urgent (${urgent.toFixed(4)}) thresholds`,
    });
  }
  if (reasons.length > 0) return { priority: 'review', probability, reasons };
  return { priority: probability >= urgent ? 'urgent' : 'routine', probability, reasons };
}
