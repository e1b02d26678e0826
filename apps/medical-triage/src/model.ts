import type { tf } from '@scenarios/core';
import { createRng, randomAffine, randomErasing } from '@scenarios/core/data';
import { buildResnetSmall } from '@scenarios/core/models';
import { type AugmentFunction, cosineDecay, LearningRateScheduler, type TrainOptions } from '@scenarios/core/training';
import type { ImageShape } from './input/decode-input.js';

export interface TriageRecipeOptions {
  /** The images' shape. */
  shape: ImageShape;
  /** Epochs of the run, for the learning-rate schedule. */
  epochs: number;
  /** Seeds the initial weights. Default 0. */
  seed?: number;
  /** Channels of the residual stages. Default [16, 32, 64]. */
  widths?: readonly number[];
}

/** The network and the training settings that go with it. */
export interface TriageRecipe {
  model: tf.LayersModel;
  training: Pick<TrainOptions, 'optimizer' | 'learningRate' | 'callbacks' | 'augment'>;
  /** The recipe's settings, recorded in the manifest's training config. */
  config: Record<string, unknown>;
}

/** Default channels of the three residual stages. */
export const DEFAULT_WIDTHS: readonly number[] = Object.freeze([16, 32, 64]);

/**
 * The triage network: core's resnet-small (a stem and residual stages of conv-BN-ReLU blocks with
 * projection shortcuts, global average pooling, a 2-way softmax) with one block per stage, trained
 * with Adam and a cosine learning-rate decay after one warm-up epoch, on images rotated by up to
 * 10 degrees, zoomed by 0.9 to 1.1 and shifted by up to 1/14 of their side (2 pixels at 28), with
 * random erasing. No flips: a chest X-ray is not symmetric (the heart lies on the left).
 */
export function buildTriageRecipe(options: TriageRecipeOptions): TriageRecipe {
  const { shape, epochs } = options;
  const seed = options.seed ?? 0;
  const widths = options.widths ?? DEFAULT_WIDTHS;
  const learningRate = 0.002;
  const warmupEpochs = epochs >= 4 ? 1 : 0;
  const maxShift = Math.min(shape.height, shape.width) / 14;
  const maxRotationDegrees = 10;
  const scaleRange = [0.9, 1.1] as const;
  const erasing = 0.25;
  return {
    model: buildResnetSmall({
      inputShape: [shape.height, shape.width, shape.channels],
      numClasses: 2,
      seed,
      widths,
      blocksPerStage: 1,
    }),
    training: {
      optimizer: 'adam',
      learningRate,
      callbacks: [new LearningRateScheduler(cosineDecay({ initial: learningRate, epochs, warmupEpochs }))],
      augment: triageAugmentation({ maxRotationDegrees, scaleRange, maxShift, erasing }),
    },
    config: {
      architecture: { builder: 'resnet-small', widths: [...widths], blocks_per_stage: 1 },
      optimizer: 'adam',
      learning_rate: learningRate,
      schedule: { kind: 'cosine', warmup_epochs: warmupEpochs },
      augmentation: {
        max_rotation_degrees: maxRotationDegrees,
        scale_range: [...scaleRange],
        max_shift: maxShift,
        random_erasing_probability: erasing,
      },
    },
  };
}

/** Random rotation, zoom and shift, then random erasing with the given probability, seeded per batch by `train()`. */
export function triageAugmentation(options: {
  maxRotationDegrees: number;
  scaleRange: readonly [number, number];
  maxShift: number;
  erasing: number;
}): AugmentFunction {
  return (xs, context) => {
    const rng = createRng(context.seed);
    const moved = randomAffine(xs as tf.Tensor4D, rng, {
      maxRotationDegrees: options.maxRotationDegrees,
      scaleRange: options.scaleRange,
      maxShift: options.maxShift,
    });
    if (options.erasing === 0) return moved;
    const erased = randomErasing(moved, rng, { probability: options.erasing });
    moved.dispose();
    return erased;
  };
}
