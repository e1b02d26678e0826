import { type Logger, ScenarioError, tf } from '@scenarios/core';
import { loadModelDir, type ModelManifest } from '@scenarios/core/persistence';
import { headAfterBag, NgramEncoder } from './encoders/ngram-encoder.js';
import type { TextEncoder } from './encoders/text-encoder.js';
import { USE_MODEL_DIR_ENV, UseEncoder, type UseEncoderOptions, type UseSource } from './encoders/use-encoder.js';
import { ngramConfigOf, parsePreprocessing, type TextPreprocessing, type UseSpec } from './preprocessing.js';

/** The scenario name written to, and expected in, every manifest of this app. */
export const SCENARIO = 'text-classification';

/** A trained text classifier: an encoder, a head on its embeddings, and how to decide. */
export interface TextClassifier {
  manifest: ModelManifest;
  /** Class names, index i naming output i. */
  labels: string[];
  preprocessing: TextPreprocessing;
  encoder: TextEncoder;
  /** From a [dim] embedding to the class probabilities. */
  head: tf.LayersModel;
  /** Frees the model, the head and the encoder. */
  dispose(): void;
}

export interface LoadClassifierOptions {
  /** Default: silent. */
  logger?: Logger;
  /**
   * `use` models: where the Universal Sentence Encoder is. Default: `$SCENARIOS_USE_MODEL_DIR`,
   * else the directory the model was trained with when it still exists, else the package's URLs.
   */
  use?: UseSource;
  /** `use` models: batching of the encoder. */
  useOptions?: Omit<UseEncoderOptions, 'maxChars'>;
}

/**
 * Loads a model directory saved by `train` (manifest and checksums verified by core) with its
 * encoder: the `ngram` encoder is part of the model; the `use` encoder is loaded as the manifest
 * and `options.use` say, and refused (MODEL_INVALID) when its files are not the ones the
 * classifier was trained on.
 */
export async function loadClassifier(dir: string, options: LoadClassifierOptions = {}): Promise<TextClassifier> {
  const { model, manifest } = await loadModelDir(dir, {
    expectScenario: SCENARIO,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  let encoder: TextEncoder | undefined;
  let head: tf.LayersModel | undefined;
  try {
    const preprocessing = parsePreprocessing(manifest.preprocessing);
    const labels = manifest.labels ?? [];
    const outputs = model.outputs[0]?.shape.at(-1);
    if (labels.length < 2 || labels.length !== outputs) {
      throw new ScenarioError(
        'MODEL_INVALID',
        `${dir}: the manifest lists ${labels.length} labels for ${outputs} outputs`,
      );
    }
    const spec = preprocessing.encoder;
    if (spec.name === 'ngram') {
      encoder = new NgramEncoder(model, ngramConfigOf(spec));
      head = headAfterBag(model);
    } else {
      encoder = await loadUseFor(spec, options);
      head = model;
    }
    if (encoder.dim !== spec.dim) {
      throw new ScenarioError(
        'MODEL_INVALID',
        `the encoder gives ${encoder.dim} dimensions, the model takes ${spec.dim}`,
      );
    }
    const loaded = { encoder, head };
    return {
      manifest,
      labels,
      preprocessing,
      encoder,
      head,
      dispose: () => {
        loaded.encoder.dispose();
        if (loaded.head !== model) loaded.head.dispose();
        model.dispose();
      },
    };
  } catch (error) {
    encoder?.dispose();
    if (head && head !== model) head.dispose();
    model.dispose();
    throw error;
  }
}

async function loadUseFor(spec: UseSpec, options: LoadClassifierOptions): Promise<UseEncoder> {
  const source: UseSource = { ...options.use };
  if (!source.dir && !source.modelUrl && !process.env[USE_MODEL_DIR_ENV] && spec.model_json_sha256) {
    source.dir = spec.source;
  }
  const encoder = await UseEncoder.load(source, {
    ...options.useOptions,
    maxChars: spec.max_chars,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { identity } = encoder;
  const differs =
    (spec.model_json_sha256 && identity.model_json_sha256 && spec.model_json_sha256 !== identity.model_json_sha256) ||
    (spec.vocab_sha256 && identity.vocab_sha256 && spec.vocab_sha256 !== identity.vocab_sha256);
  if (differs) {
    encoder.dispose();
    throw new ScenarioError(
      'MODEL_INVALID',
      `the Universal Sentence Encoder in ${identity.source} is not the one this classifier was trained on (${spec.source})`,
    );
  }
  return encoder;
}

/**
 * Class probabilities of texts, row-major [texts, classes]: embeddings from the encoder, then the
 * head, `batchSize` texts at a time (default 256). Every tensor is disposed.
 */
export async function classProbabilities(
  parts: { encoder: TextEncoder; head: tf.LayersModel },
  texts: readonly string[],
  options: { batchSize?: number } = {},
): Promise<Float32Array> {
  const batchSize = options.batchSize ?? 256;
  const k = parts.head.outputs[0]?.shape.at(-1) ?? 0;
  const out = new Float32Array(texts.length * k);
  for (let start = 0; start < texts.length; start += batchSize) {
    const embeddings = await parts.encoder.embed(texts.slice(start, start + batchSize));
    const probabilities = parts.head.predict(embeddings) as tf.Tensor;
    try {
      out.set(await probabilities.data(), start * k);
    } finally {
      tf.dispose([embeddings, probabilities]);
    }
  }
  return out;
}
