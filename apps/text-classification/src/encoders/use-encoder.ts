import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Logger, ScenarioError, silentLogger, tf } from '@scenarios/core';
import { fileSystemHandler, sha256Buffer } from '@scenarios/core/persistence';
import { load, Tokenizer, UniversalSentenceEncoder } from '@tensorflow-models/universal-sentence-encoder';
import type { TextEncoder } from './text-encoder.js';

/** Environment variable naming a local copy of the Universal Sentence Encoder. */
export const USE_MODEL_DIR_ENV = 'SCENARIOS_USE_MODEL_DIR';
/** Where the package downloads the model from when no local copy is given (TF Hub). */
export const USE_DEFAULT_MODEL_URL =
  'https://tfhub.dev/tensorflow/tfjs-model/universal-sentence-encoder-lite/1/default/1';
/** Where the package downloads the vocabulary from. */
export const USE_DEFAULT_VOCAB_URL =
  'https://storage.googleapis.com/tfjs-models/savedmodel/universal_sentence_encoder/vocab.json';
/** File name of the vocabulary in a local model directory. */
export const USE_VOCAB_JSON = 'vocab.json';

/** Where to get the Universal Sentence Encoder from: a directory, or URLs (the package's defaults). */
export interface UseSource {
  /** A directory with `model.json`, its weight shards and `vocab.json`. Default: `$SCENARIOS_USE_MODEL_DIR`. */
  dir?: string;
  /** Model URL when no directory is given. Default `USE_DEFAULT_MODEL_URL`. */
  modelUrl?: string;
  /** Vocabulary URL when no directory is given. Default `USE_DEFAULT_VOCAB_URL`. */
  vocabUrl?: string;
}

export interface UseEncoderOptions {
  /** Characters of a text given to the encoder (USE reads sentences and short paragraphs). Default 2,000. */
  maxChars?: number;
  /** Texts per forward pass. Default 16. */
  batchSize?: number;
  /** Default: silent. */
  logger?: Logger;
}

/** Which copy of USE an encoder runs, for the manifest: a directory with checksums, or URLs. */
export interface UseIdentity {
  source: string;
  /** sha256 of model.json and vocab.json of a local copy. */
  model_json_sha256?: string;
  vocab_sha256?: string;
}

/**
 * The Universal Sentence Encoder (lite, 512 dimensions) from `@tensorflow-models/universal-sentence-encoder`,
 * behind the app's `TextEncoder` interface. Texts are cut to `maxChars`, embedded `batchSize` at a
 * time by the package's own `embed` (its SentencePiece tokenizer and sparse model inputs), and the
 * rows concatenated.
 */
export class UseEncoder implements TextEncoder {
  readonly name = 'use' as const;
  readonly dim: number;
  readonly identity: UseIdentity;
  readonly maxChars: number;
  readonly batchSize: number;
  readonly #use: UniversalSentenceEncoder;
  readonly #model: tf.GraphModel;

  private constructor(
    parts: { use: UniversalSentenceEncoder; model: tf.GraphModel; identity: UseIdentity; dim: number },
    options: UseEncoderOptions,
  ) {
    this.#use = parts.use;
    this.#model = parts.model;
    this.identity = parts.identity;
    this.dim = parts.dim;
    this.maxChars = options.maxChars ?? 2000;
    this.batchSize = options.batchSize ?? 16;
  }

  /**
   * Loads USE from a local directory (`source.dir`, else `$SCENARIOS_USE_MODEL_DIR`) or, without
   * one, from the package's URLs. A local copy is read through core's filesystem IO handler and
   * its vocabulary from disk, then assembled into the package's own `UniversalSentenceEncoder`
   * (the package's `load()` only fetches URLs, and Node's fetch cannot read `file://`). The model
   * is checked to take `indices` and `values` and to give one row per text.
   * MODEL_NOT_FOUND when it cannot be read or downloaded, MODEL_INVALID when it is not a USE.
   */
  static async load(source: UseSource = {}, options: UseEncoderOptions = {}): Promise<UseEncoder> {
    const logger = options.logger ?? silentLogger;
    const dir = source.dir ?? process.env[USE_MODEL_DIR_ENV];
    const loaded = dir ? await loadLocal(resolve(dir)) : await loadRemote(source);
    try {
      checkInputs(loaded.model, loaded.identity.source);
      // One text through the model: it learns the width, and a model this backend cannot run fails here.
      const probe = await embedBatch(loaded.use, ['hello'], { maxChars: 100 });
      const dim = probe.shape[1] as number;
      probe.dispose();
      logger.info({ source: loaded.identity.source, dim }, 'loaded the Universal Sentence Encoder');
      return new UseEncoder({ ...loaded, dim }, options);
    } catch (error) {
      loaded.model.dispose();
      throw error;
    }
  }

  async embed(texts: readonly string[]): Promise<tf.Tensor2D> {
    const parts: tf.Tensor2D[] = [];
    try {
      for (let start = 0; start < texts.length; start += this.batchSize) {
        const batch = texts.slice(start, start + this.batchSize);
        parts.push(await embedBatch(this.#use, batch, { maxChars: this.maxChars, dim: this.dim }));
      }
      if (parts.length === 0) return tf.zeros([0, this.dim]) as tf.Tensor2D;
      return parts.length === 1 ? (parts.pop() as tf.Tensor2D) : (tf.concat(parts, 0) as tf.Tensor2D);
    } finally {
      tf.dispose(parts);
    }
  }

  dispose(): void {
    this.#model.dispose();
  }
}

/**
 * One batch through the package's `embed()`: texts cut to `maxChars`, an empty text sent as a space
 * (it has no tokens, and its row would be missing from the output). MODEL_INVALID unless the
 * output is [texts, dim] (any width when `dim` is not given).
 */
async function embedBatch(
  use: UniversalSentenceEncoder,
  texts: readonly string[],
  options: { maxChars: number; dim?: number },
): Promise<tf.Tensor2D> {
  const inputs = texts.map((text) => (text.length > options.maxChars ? text.slice(0, options.maxChars) : text) || ' ');
  const embeddings = await use.embed(inputs);
  const [rows, width] = embeddings.shape;
  if (embeddings.rank !== 2 || rows !== texts.length || (options.dim !== undefined && width !== options.dim)) {
    embeddings.dispose();
    throw new ScenarioError(
      'MODEL_INVALID',
      `USE gave an output of shape [${embeddings.shape.join(', ')}] for ${texts.length} texts`,
    );
  }
  return embeddings as tf.Tensor2D;
}

interface LoadedUse {
  use: UniversalSentenceEncoder;
  model: tf.GraphModel;
  identity: UseIdentity;
}

async function loadLocal(dir: string): Promise<LoadedUse> {
  let model: tf.GraphModel;
  try {
    model = await tf.loadGraphModel(fileSystemHandler(dir));
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new ScenarioError('MODEL_INVALID', `${dir}: not a tfjs graph model: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const vocabPath = join(dir, USE_VOCAB_JSON);
    const vocabBytes = await readFile(vocabPath).catch((error: unknown) => {
      throw new ScenarioError('MODEL_NOT_FOUND', `no ${USE_VOCAB_JSON} in ${dir}`, { cause: error });
    });
    const use = new UniversalSentenceEncoder();
    // The package's load() fetches URLs only; its embed() reads these two fields, so the local
    // parts go in directly (the test with a miniature model checks that embed() works with them).
    Object.assign(use, { model, tokenizer: new Tokenizer(parseVocabulary(vocabBytes, vocabPath)) });
    const modelJson = await readFile(join(dir, 'model.json'));
    return {
      use,
      model,
      identity: { source: dir, model_json_sha256: sha256Buffer(modelJson), vocab_sha256: sha256Buffer(vocabBytes) },
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function loadRemote(source: UseSource): Promise<LoadedUse> {
  const modelUrl = source.modelUrl ?? USE_DEFAULT_MODEL_URL;
  const vocabUrl = source.vocabUrl ?? USE_DEFAULT_VOCAB_URL;
  let use: UniversalSentenceEncoder;
  try {
    // Without a modelUrl the package loads its TF Hub default itself.
    use = await load({ ...(source.modelUrl ? { modelUrl } : {}), vocabUrl });
  } catch (error) {
    throw new ScenarioError(
      'MODEL_NOT_FOUND',
      `could not download the Universal Sentence Encoder (${modelUrl}): ${(error as Error).message}. ` +
        `Offline, give a local copy with --use-model <dir> or ${USE_MODEL_DIR_ENV}`,
      { cause: error },
    );
  }
  const model = (use as unknown as { model: tf.GraphModel }).model;
  return { use, model, identity: { source: source.modelUrl ? modelUrl : `${modelUrl} (TF Hub)` } };
}

/** A SentencePiece vocabulary as USE ships it: `[[piece, score], ...]`. */
export function parseVocabulary(bytes: Uint8Array, source: string): [string, number][] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new ScenarioError('MODEL_INVALID', `${source} is not valid JSON: ${(error as Error).message}`);
  }
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (entry) =>
        Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'number',
    );
  if (!valid) throw new ScenarioError('MODEL_INVALID', `${source} is not a list of [piece, score] pairs`);
  return value as [string, number][];
}

function checkInputs(model: tf.GraphModel, source: string): void {
  const names = model.inputs.map((input) => input.name);
  if (!names.includes('indices') || !names.includes('values')) {
    throw new ScenarioError(
      'MODEL_INVALID',
      `${source}: a Universal Sentence Encoder takes inputs indices and values; this model takes ${names.join(', ')}`,
    );
  }
}
