import { tf } from '@scenarios/core';
import { saveModelDir } from '@scenarios/core/persistence';
import { TRIAGE_CONFIG_FILE, type TriageConfig } from '../triage/triage-config.js';
import { loadTriageModel, preprocessingFor, SCENARIO, type TriageModel } from '../triage-model.js';

/**
 * A triage config with easy numbers: temperature 1, urgent at 0.9, routine below 0.1, and image
 * statistics that accept plain pictures of any brightness but flag a fine checkerboard (roughness).
 */
export const FIXTURE_CONFIG: TriageConfig = {
  format_version: 1,
  calibration: { method: 'temperature', temperature: 1, nll_before: 0.5, nll_after: 0.5, fitted_on: 'val' },
  operating_points: {
    urgent: 0.9,
    routine: 0.1,
    target_sensitivity: 0.95,
    routine_sensitivity: 0.99,
    chosen_on: 'val',
  },
  out_of_distribution: {
    image_statistics: {
      statistics: [
        { name: 'mean', median: 0.5, scale: 0.1 },
        { name: 'std', median: 0.1, scale: 0.05 },
        { name: 'roughness', median: 0.05, scale: 0.02 },
      ],
      max_robust_z: 5,
    },
    modalities: ['CR', 'DX'],
    body_parts: ['CHEST'],
  },
};

/**
 * A network whose answer a test can work out by hand: for a 28x28 grayscale image of mean
 * intensity m in [0, 1], P(urgent) = sigmoid(20 (m - 0.5)). Bright images are urgent (m = 0.8 gives
 * 0.9975), dark ones routine (m = 0.2 gives 0.0025), mid-grey ones go to review.
 */
export function brightnessNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 2, activation: 'softmax' });
  const model = tf.model({ inputs: input, outputs: dense.apply(flat) as tf.SymbolicTensor });
  const kernel = new Float32Array(784 * 2);
  for (let i = 0; i < 784; i++) kernel[2 * i + 1] = 20 / 784;
  dense.setWeights([tf.tensor2d(kernel, [784, 2]), tf.tensor1d([0, -10])]);
  return model;
}

/** P(urgent) of `brightnessNetwork` for an image of mean intensity m, as a test computes it. */
export function brightnessProbability(mean: number): number {
  return 1 / (1 + Math.exp(-20 * (mean - 0.5)));
}

/** Saves `brightnessNetwork` with `config` to `dir` as `train` would, and loads it back. */
export async function savedTriageModel(dir: string, config: TriageConfig = FIXTURE_CONFIG): Promise<TriageModel> {
  const model = brightnessNetwork();
  try {
    await saveModelDir(dir, {
      model,
      manifest: {
        scenario: SCENARIO,
        model: { name: 'fixture-triage', version: 'v-test' },
        preprocessing: { ...preprocessingFor({ height: 28, width: 28, channels: 1 }) },
        labels: ['normal', 'pneumonia'],
        training: { config: { recipe: 'fixture' }, seed: 0 },
      },
      extraFiles: { [TRIAGE_CONFIG_FILE]: JSON.stringify(config) },
    });
  } finally {
    model.dispose();
  }
  return loadTriageModel(dir);
}
