import { type Logger, ScenarioError, type tf } from '@scenarios/core';
import type { ClassificationReport } from '@scenarios/core/evaluation';
import { loadModelDir, type ModelManifest } from '@scenarios/core/persistence';
import { type Preprocessing, parsePreprocessing } from './model.js';

/** The scenario name written to, and expected in, every manifest of this app. */
export const SCENARIO = 'image-classification';

/** A trained image classifier loaded from its model directory. */
export interface Classifier {
  model: tf.LayersModel;
  manifest: ModelManifest;
  /** Class names, index i naming output i. */
  labels: string[];
  preprocessing: Preprocessing;
}

/**
 * Loads a model directory saved by `train` with core's `loadModelDir` (manifest and checksums
 * verified) and checks that it is an image classifier: MODEL_NOT_FOUND without a directory,
 * MODEL_INVALID for another scenario or a manifest without labels or image preprocessing,
 * CHECKSUM_MISMATCH for a changed file.
 */
export async function loadClassifier(dir: string, options: { logger?: Logger } = {}): Promise<Classifier> {
  const { model, manifest } = await loadModelDir(dir, {
    expectScenario: SCENARIO,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    const labels = manifest.labels;
    const outputs = model.outputs[0]?.shape.at(-1);
    if (!labels || labels.length !== outputs) {
      throw new ScenarioError(
        'MODEL_INVALID',
        `${dir}: the manifest lists ${labels?.length ?? 0} labels for ${outputs} outputs`,
      );
    }
    return { model, manifest, labels, preprocessing: parsePreprocessing(manifest.preprocessing) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The metrics of the `evaluate --json` contract, from core's classification report. */
export interface ClassificationMetrics {
  accuracy: number;
  macro_f1: number;
  per_class: {
    class_index: number;
    class_name: string;
    precision: number;
    recall: number;
    f1: number;
    support: number;
  }[];
  /** Rows are true classes, columns predicted ones. */
  confusion_matrix: number[][];
}

/** Picks the contract's metrics out of a classification report. */
export function classificationMetrics(report: ClassificationReport, labels: readonly string[]): ClassificationMetrics {
  return {
    accuracy: report.accuracy,
    macro_f1: report.macro_f1,
    per_class: report.per_class.map((row) => ({
      class_index: row.class_index,
      class_name: row.class_name ?? labels[row.class_index] ?? String(row.class_index),
      precision: row.precision,
      recall: row.recall,
      f1: row.f1,
      support: row.support,
    })),
    confusion_matrix: report.confusion_matrix,
  };
}
