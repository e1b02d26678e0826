import { type Logger, ScenarioError, type tf } from '@scenarios/core';
import { ArrayDataset } from '@scenarios/core/data';
import type { LabeledTexts } from './datasets/labeled-texts.js';
import { DEFAULT_NGRAM_CONFIG, type NgramConfig, NgramFeaturizer } from './encoders/ngram-features.js';
import type { EncoderName } from './encoders/text-encoder.js';
import { UseEncoder, type UseSource } from './encoders/use-encoder.js';
import { balancedClassWeights, buildEmbeddingHead, buildNgramClassifier } from './model.js';
import { type NgramSpec, ngramSpec, type UseSpec } from './preprocessing.js';

/** Hyper-parameters of the two recipes, with their defaults. */
export interface RecipeSettings {
  /** `ngram`: the feature hashing. Default `DEFAULT_NGRAM_CONFIG`. */
  ngram?: Partial<NgramConfig>;
  /** `ngram`: embedding width. Default 32. */
  dim?: number;
  /** `use`: where the encoder is (see `UseEncoder.load`). */
  use?: UseSource;
  /** `use`: characters of each text given to the encoder. Default 2,000. */
  useMaxChars?: number;
  /** Default: 0.005 for `ngram` (a large, sparse table), 0.001 for `use`. */
  learningRate?: number;
  /** Dropout before the output layer. Default 0.2. */
  dropout?: number;
  /** Default 0. */
  seed?: number;
  /** Default: silent. */
  logger?: Logger;
}

/** The `ngram` recipe's defaults: word 1-2 grams in 2^17 buckets, 32-dimensional embeddings (see the README). */
export const NGRAM_RECIPE_DEFAULTS: Readonly<NgramConfig> = Object.freeze({
  ...DEFAULT_NGRAM_CONFIG,
  buckets: 131_072,
  charMin: 0,
  charMax: 0,
});

/** A model ready for `train()`: its inputs for every text of the data set, and how to describe it. */
export interface PreparedRecipe {
  /** The model `train()` fits and `saveModelDir` saves. */
  model: tf.LayersModel;
  /** Every text's model input with its targets; subsets give the splits. */
  dataset: ArrayDataset;
  encoderSpec: NgramSpec | UseSpec;
  learningRate: number;
  /** Balanced class weights (single-label), else undefined. */
  classWeights: number[] | undefined;
  /** The recipe's settings for the manifest's training config. */
  config: Record<string, unknown>;
  /** Frees what the recipe holds besides the model (the USE graph). */
  release(): void;
}

/**
 * Builds a recipe's model and turns every text into its input: hashed feature ids for `ngram`
 * (whose bag of embeddings trains with the head), frozen 512-dimensional USE embeddings for `use`
 * (computed once; only the head trains).
 */
export async function prepareRecipe(
  encoder: EncoderName,
  data: LabeledTexts,
  settings: RecipeSettings = {},
): Promise<PreparedRecipe> {
  const seed = settings.seed ?? 0;
  const dropout = settings.dropout ?? 0.2;
  const numClasses = data.classNames.length;
  const multiLabel = data.task === 'multi-label';
  const targets = data.labels ?? Float32Array.from(data.multiHot ?? []);
  const targetShape = multiLabel ? [numClasses] : [];
  const classWeights = data.labels ? balancedClassWeights(data.labels, numClasses) : undefined;
  if (encoder === 'ngram') {
    const ngram: NgramConfig = { ...NGRAM_RECIPE_DEFAULTS, ...settings.ngram };
    const dim = settings.dim ?? 32;
    const featurizer = new NgramFeaturizer(ngram);
    const dataset = new ArrayDataset({
      inputs: featurizer.featurize(data.texts),
      inputShape: [ngram.maxTokens],
      targets,
      targetShape,
    });
    const learningRate = settings.learningRate ?? 0.005;
    return {
      model: buildNgramClassifier({ ngram, dim, numClasses, multiLabel, dropout, seed }),
      dataset,
      encoderSpec: ngramSpec(ngram, dim),
      learningRate,
      classWeights,
      config: { encoder, ngram, dim, dropout, optimizer: 'adam', learning_rate: learningRate },
      release: () => {},
    };
  }
  if (encoder !== 'use') throw new ScenarioError('INVALID_ARGUMENT', `unknown encoder "${encoder}"`);
  const maxChars = settings.useMaxChars ?? 2000;
  const use = await UseEncoder.load(settings.use ?? {}, {
    maxChars,
    ...(settings.logger ? { logger: settings.logger } : {}),
  });
  try {
    const embeddings = await use.embed(data.texts);
    const inputs = (await embeddings.data()) as Float32Array;
    embeddings.dispose();
    const learningRate = settings.learningRate ?? 0.001;
    const hidden = 128;
    return {
      model: buildEmbeddingHead({ inputDim: use.dim, hidden, numClasses, multiLabel, dropout, seed }),
      dataset: new ArrayDataset({ inputs, inputShape: [use.dim], targets, targetShape }),
      encoderSpec: { name: 'use', dim: use.dim, max_chars: maxChars, ...use.identity },
      learningRate,
      classWeights,
      config: { encoder, use: use.identity, hidden, dropout, optimizer: 'adam', learning_rate: learningRate },
      release: () => use.dispose(),
    };
  } catch (error) {
    use.dispose();
    throw error;
  }
}
