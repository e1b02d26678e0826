import { initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { loadMedmnist, type MedmnistSplit } from './datasets/medmnist.js';
import { scoreImages, type TriageMetrics, triageMetrics } from './evaluate-triage.js';
import { loadTriageModel, SCENARIO } from './triage-model.js';

export interface EvaluateModelOptions {
  /** Model directory. */
  model: string;
  /** A MedMNIST `.npz` file. */
  data: string;
  /** Default 'test'. */
  split?: MedmnistSplit;
  /** Evaluate the first N images only. Default: all. */
  limit?: number;
  /** Default: silent. */
  logger?: Logger;
}

/** The `evaluate --json` object of DESIGN.md. */
export interface EvaluationResult {
  scenario: string;
  dataset: string;
  split: MedmnistSplit;
  n: number;
  metrics: TriageMetrics;
  backend: string;
}

/**
 * Evaluates a saved triage model on a split of a MedMNIST file, with the label mapping recorded
 * in its manifest. INVALID_ARGUMENT when the images' shape differs from the model's input.
 */
export async function evaluateModel(options: EvaluateModelOptions): Promise<EvaluationResult> {
  const logger = options.logger ?? silentLogger;
  const split = options.split ?? 'test';
  const backend = await initBackend({ logger });
  const triage = await loadTriageModel(options.model, { logger });
  try {
    // The class the model was trained to call urgent, when the set has one label per image.
    const positiveClass = triage.manifest.training?.config.positive_class;
    const images = await loadMedmnist(options.data, {
      split,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(typeof positiveClass === 'number' ? { positiveClass } : {}),
    });
    const { height, width, channels } = images.shape;
    const expected = triage.shape;
    if (height !== expected.height || width !== expected.width || channels !== expected.channels) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `${images.file} has ${height}x${width}x${channels} images; the model takes ${expected.height}x${expected.width}x${expected.channels}`,
      );
    }
    const scores = await scoreImages(triage.model, images);
    return {
      scenario: SCENARIO,
      dataset: images.dataset,
      split,
      n: images.count,
      metrics: triageMetrics(triage.config, { images, scores }),
      backend: backend.name,
    };
  } finally {
    triage.model.dispose();
  }
}
