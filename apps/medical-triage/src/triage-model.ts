import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Logger, ScenarioError, tf } from '@scenarios/core';
import { loadModelDir, type ModelManifest } from '@scenarios/core/persistence';
import type { ImageShape } from './input/decode-input.js';
import { parseTriageConfig, TRIAGE_CONFIG_FILE, type TriageConfig } from './triage/triage-config.js';

/** The scenario name written to, and expected in, every manifest of this app. */
export const SCENARIO = 'medical-triage';

/** How an input becomes the network's input; saved in the manifest's `preprocessing`. */
export interface TriagePreprocessing {
  kind: 'image';
  height: number;
  width: number;
  channels: 1 | 3;
  /** Centre crop to the input's aspect ratio, then resize (as MedMNIST made its images). */
  resize: 'cover';
  /** Multiplies the uint8 pixels: 1/255 maps them to [0, 1]. */
  scale: number;
  layout: 'NHWC';
  /** DICOM frames are rescaled, windowed and shown as MONOCHROME2 first. */
  formats: string[];
}

/** The preprocessing of a network whose input is `shape`. */
export function preprocessingFor(shape: ImageShape): TriagePreprocessing {
  return {
    kind: 'image',
    ...shape,
    resize: 'cover',
    scale: 1 / 255,
    layout: 'NHWC',
    formats: ['dicom', 'png', 'jpeg'],
  };
}

/** A trained triage model loaded from its directory. */
export interface TriageModel {
  /** Softmax over [class 0, class 1]; class 1 is urgent. */
  model: tf.LayersModel;
  manifest: ModelManifest;
  config: TriageConfig;
  shape: ImageShape;
  /** Names of class 0 and class 1. */
  labels: [string, string];
}

/**
 * Loads a model directory saved by `train` (manifest and checksums checked by core's
 * `loadModelDir`, `triage.json` among the checksummed files). MODEL_NOT_FOUND without a
 * directory, MODEL_INVALID for another scenario or a malformed triage configuration.
 */
export async function loadTriageModel(dir: string, options: { logger?: Logger } = {}): Promise<TriageModel> {
  const { model, manifest } = await loadModelDir(dir, {
    expectScenario: SCENARIO,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    if (!(TRIAGE_CONFIG_FILE in manifest.files)) {
      throw new ScenarioError('MODEL_INVALID', `${dir}: the manifest does not list ${TRIAGE_CONFIG_FILE}`);
    }
    const path = join(resolve(dir), TRIAGE_CONFIG_FILE);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new ScenarioError('MODEL_INVALID', `${path} is not valid JSON`, { cause: error });
    }
    const config = parseTriageConfig(json, path);
    const [, height, width, channels] = model.inputs[0]?.shape ?? [];
    const labels = manifest.labels;
    if (!height || !width || (channels !== 1 && channels !== 3) || model.outputs[0]?.shape.at(-1) !== 2) {
      throw new ScenarioError('MODEL_INVALID', `${dir}: the network must map [h, w, 1 or 3] images to 2 classes`);
    }
    if (labels?.length !== 2) throw new ScenarioError('MODEL_INVALID', `${dir}: the manifest must name 2 labels`);
    return {
      model,
      manifest,
      config,
      shape: { height, width, channels },
      labels: [labels[0], labels[1]] as [string, string],
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The network's softmax output for model-size uint8 images, one [p0, p1] pair per image. */
export async function predictScores(triage: TriageModel, images: readonly Uint8Array[]): Promise<Float32Array> {
  const { height, width, channels } = triage.shape;
  const output = tf.tidy(() => {
    const input = tf.tensor4d(toModelInput(images), [images.length, height, width, channels]);
    return triage.model.predict(input) as tf.Tensor;
  });
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

/** uint8 pixels of one or more images to float32 in [0, 1], back to back. */
export function toModelInput(images: readonly Uint8Array[]): Float32Array {
  const size = images[0]?.length ?? 0;
  const out = new Float32Array(images.length * size);
  images.forEach((pixels, i) => {
    for (let j = 0; j < size; j++) out[i * size + j] = (pixels[j] as number) / 255;
  });
  return out;
}
