import { ScenarioError, type tf } from '@scenarios/core';
import { createRng, randomErasing, randomHorizontalFlip, randomTranslate } from '@scenarios/core/data';
import { buildReferenceCnn, buildResnetSmall } from '@scenarios/core/models';
import { type AugmentFunction, cosineDecay, LearningRateScheduler, type TrainOptions } from '@scenarios/core/training';
import { IMAGE_FORMATS, type ImageShape } from './image-decode.js';

/** The model recipes: the benchmark's reference CNN, and a residual network trained for accuracy. */
export const RECIPE_NAMES = ['reference-cnn', 'strong'] as const;
export type RecipeName = (typeof RECIPE_NAMES)[number];

/** How an image becomes the model's input; saved in the manifest and applied by `predict` and the server. */
export interface Preprocessing {
  kind: 'image';
  height: number;
  width: number;
  channels: 1 | 3;
  color: 'grayscale' | 'rgb';
  /** Images are stretched to height x width (aspect ratio not kept). */
  resize: 'fill';
  /** Multiplies the uint8 pixels: 1/255 maps them to [0, 1]. */
  scale: number;
  layout: 'NHWC';
  /** Encoded formats accepted. */
  formats: string[];
}

/** The preprocessing of a model whose input is [height, width, channels]. */
export function preprocessingFor(inputShape: readonly number[]): Preprocessing {
  const [height, width, channels] = inputShape;
  if (inputShape.length !== 3 || !height || !width || (channels !== 1 && channels !== 3)) {
    throw new ScenarioError('INVALID_ARGUMENT', `image input must be [height, width, 1 or 3], got [${inputShape}]`);
  }
  return {
    kind: 'image',
    height,
    width,
    channels,
    color: channels === 1 ? 'grayscale' : 'rgb',
    resize: 'fill',
    scale: 1 / 255,
    layout: 'NHWC',
    formats: [...IMAGE_FORMATS],
  };
}

/** Reads the preprocessing back from a manifest; MODEL_INVALID when it is not an image classifier's. */
export function parsePreprocessing(value: Record<string, unknown>): Preprocessing {
  const { height, width, channels, scale } = value;
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (value.kind !== 'image' || !positive(height) || !positive(width) || (channels !== 1 && channels !== 3)) {
    throw new ScenarioError(
      'MODEL_INVALID',
      `the manifest's preprocessing is not an image input: ${JSON.stringify(value)}`,
    );
  }
  if (typeof scale !== 'number' || !Number.isFinite(scale)) {
    throw new ScenarioError('MODEL_INVALID', "the manifest's preprocessing has no numeric scale");
  }
  return preprocessingFor([height, width, channels]);
}

/** The image shape `decodeImage` produces for a preprocessing. */
export function imageShapeOf(preprocessing: Preprocessing): ImageShape {
  const { height, width, channels } = preprocessing;
  return { height, width, channels };
}

export interface RecipeOptions {
  /** [height, width, channels] of the images. */
  inputShape: readonly number[];
  numClasses: number;
  /** Seeds the initial weights. Default 0. */
  seed?: number;
  /** Epochs of the run, for the learning-rate schedule. */
  epochs: number;
  /** Whether mirrored images keep their class; turns on random flips in `strong`. Default false. */
  horizontalFlip?: boolean;
}

/** A model built by a recipe with the training options that go with it. */
export interface Recipe {
  name: RecipeName;
  model: tf.LayersModel;
  /** Optimizer, learning rate, schedule and augmentation for `train()`. */
  training: Pick<TrainOptions, 'optimizer' | 'learningRate' | 'callbacks' | 'augment'>;
  /** The recipe's settings, recorded in the manifest's training config. */
  config: Record<string, unknown>;
}

/**
 * Builds a recipe's model and training settings.
 *
 * - `reference-cnn`: core's reference CNN (93,322 parameters at 28x28x1), Adam at 0.001, no augmentation.
 * - `strong`: core's resnet-small with widths [32, 64, 128], two residual blocks per stage, batch
 *   normalisation and dropout 0.3; Adam with a cosine learning-rate decay from 0.002 (one warm-up
 *   epoch from 4 epochs on); random translation by about 1/12 of the side, random horizontal flips
 *   when the classes allow it, and random erasing.
 */
export function buildRecipe(name: RecipeName, options: RecipeOptions): Recipe {
  const { inputShape, numClasses, epochs } = options;
  const seed = options.seed ?? 0;
  if (name === 'reference-cnn') {
    return {
      name,
      model: buildReferenceCnn({ inputShape, numClasses, seed }),
      training: { optimizer: 'adam', learningRate: 0.001 },
      config: { recipe: name, optimizer: 'adam', learning_rate: 0.001, augmentation: [] },
    };
  }
  if (name !== 'strong') {
    throw new ScenarioError('INVALID_ARGUMENT', `unknown recipe "${name}"; known recipes: ${RECIPE_NAMES.join(', ')}`);
  }
  const widths = [32, 64, 128];
  const dropout = 0.3;
  const learningRate = 0.002;
  const warmupEpochs = epochs >= 4 ? 1 : 0;
  const maxShift = Math.max(1, Math.round(Math.min(inputShape[0] ?? 0, inputShape[1] ?? 0) / 12));
  const flip = options.horizontalFlip ?? false;
  return {
    name,
    model: buildResnetSmall({ inputShape, numClasses, seed, widths, blocksPerStage: 2, dropout }),
    training: {
      optimizer: 'adam',
      learningRate,
      callbacks: [new LearningRateScheduler(cosineDecay({ initial: learningRate, epochs, warmupEpochs }))],
      augment: strongAugmentation({ maxShift, flip }),
    },
    config: {
      recipe: name,
      architecture: { builder: 'resnet-small', widths, blocks_per_stage: 2, dropout },
      optimizer: 'adam',
      learning_rate: learningRate,
      schedule: { kind: 'cosine', warmup_epochs: warmupEpochs },
      augmentation: ['translate', ...(flip ? ['horizontal_flip'] : []), 'random_erasing'],
      max_shift: maxShift,
    },
  };
}

/** Random translation, optional horizontal flip and random erasing, seeded per batch by `train()`. */
export function strongAugmentation(options: { maxShift: number; flip: boolean }): AugmentFunction {
  return (xs, context) => {
    const rng = createRng(context.seed);
    let images = randomTranslate(xs as tf.Tensor4D, rng, { maxShift: options.maxShift });
    if (options.flip) images = randomHorizontalFlip(images, rng);
    return randomErasing(images, rng, { probability: 0.5 });
  };
}
