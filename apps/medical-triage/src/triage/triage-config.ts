import { ScenarioError } from '@scenarios/core';
import { type ImageStatisticsReference, STATISTIC_NAMES } from './image-statistics.js';
import type { OperatingPoints } from './operating-points.js';

/** The file in the model directory (checksummed by its manifest) that holds the triage settings. */
export const TRIAGE_CONFIG_FILE = 'triage.json';

/** Modalities of a chest radiograph: computed (CR) and digital (DX) radiography. */
export const DEFAULT_MODALITIES: readonly string[] = Object.freeze(['CR', 'DX']);
/** Body Part Examined values that fit a chest X-ray model. */
export const DEFAULT_BODY_PARTS: readonly string[] = Object.freeze(['CHEST']);

/** Everything besides the network that turns its output into a priority; fitted on validation data. */
export interface TriageConfig {
  format_version: 1;
  calibration: {
    method: 'temperature';
    temperature: number;
    /** Mean negative log-likelihood on the calibration data before and after. */
    nll_before: number;
    nll_after: number;
    fitted_on: string;
  };
  operating_points: OperatingPoints & { chosen_on: string };
  out_of_distribution: {
    image_statistics: ImageStatisticsReference;
    /** DICOM Modality values that fit; another one sends the study to review. */
    modalities: string[];
    /** DICOM Body Part Examined values that fit; another one sends the study to review. */
    body_parts: string[];
  };
}

/** Checks a parsed `triage.json`; MODEL_INVALID naming the first problem. */
export function parseTriageConfig(value: unknown, source: string): TriageConfig {
  const fail = (problem: string): never => {
    throw new ScenarioError('MODEL_INVALID', `${source}: ${problem}`);
  };
  const config = value as Partial<TriageConfig> | null;
  if (typeof config !== 'object' || config === null) return fail('not a JSON object');
  if (config.format_version !== 1) fail(`format_version must be 1, got ${String(config.format_version)}`);
  const temperature = config.calibration?.temperature;
  if (config.calibration?.method !== 'temperature' || !(typeof temperature === 'number' && temperature > 0)) {
    fail('calibration must be temperature scaling with a temperature > 0');
  }
  const points = config.operating_points;
  const isProbability = (p: unknown) => typeof p === 'number' && p >= 0 && p <= 1;
  if (!points || !isProbability(points.urgent) || !isProbability(points.routine) || points.routine > points.urgent) {
    fail('operating_points needs probabilities routine <= urgent');
  }
  const ood = config.out_of_distribution;
  const stats = ood?.image_statistics;
  const statsValid =
    stats !== undefined &&
    typeof stats.max_robust_z === 'number' &&
    stats.max_robust_z > 0 &&
    Array.isArray(stats.statistics) &&
    stats.statistics.every(
      (s) =>
        STATISTIC_NAMES.includes(s.name) && Number.isFinite(s.median) && typeof s.scale === 'number' && s.scale > 0,
    );
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (!ood || !statsValid || !strings(ood.modalities) || !strings(ood.body_parts)) {
    fail('out_of_distribution needs image_statistics, modalities and body_parts');
  }
  return config as TriageConfig;
}
