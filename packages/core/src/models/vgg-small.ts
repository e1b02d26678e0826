import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { fastBatchNormalization } from './batch-norm-layer.js';
import {
  type ClassifierOptions,
  checkPositiveInt,
  checkRate,
  resolveClassifierOptions,
  seedSequence,
} from './builder-options.js';

export interface VggSmallOptions extends ClassifierOptions {
  /** Channels of each stage's convolutions; every stage ends with a 2x2 max-pool. Default `[32, 64, 128]`. */
  widths?: readonly number[];
  /** 3x3 convolutions in each stage: one number for all stages, or one per stage. Default 2. */
  convsPerStage?: number | readonly number[];
  /** Units of the hidden dense layer after the last stage. Default 256. */
  denseUnits?: number;
  /** Dropout rate before and after the hidden dense layer; 0 leaves dropout out. Default 0. */
  dropout?: number;
  /** Momentum of the batch-norm moving averages. Default 0.99 (Keras's). */
  batchNormMomentum?: number;
}

export const DEFAULT_VGG_WIDTHS: readonly number[] = Object.freeze([32, 64, 128]);
export const DEFAULT_VGG_CONVS_PER_STAGE = 2;
export const DEFAULT_VGG_DENSE_UNITS = 256;

/**
 * A small VGG-style CNN for small images: stages of 3x3 convolutions ('same' padding, no bias),
 * each followed by batch normalisation and ReLU, and a 2x2 max-pool closing each stage; then
 * flatten, dropout, a dense layer with batch normalisation and ReLU, dropout, and a dense softmax.
 * A plain chain with no residual adds or full-resolution stacks, so it trains fast on the wasm
 * backend; its batch norm has the closed-form gradient of `fastBatchNormalization` and is saved
 * as tfjs-layers' `BatchNormalization`. The input must be [height, width, channels] with height
 * and width at least 2^stages. Returns an uncompiled model.
 *
 * @example
 * buildVggSmall({ inputShape: [8, 8, 1], numClasses: 3, widths: [4, 8], convsPerStage: 1, denseUnits: 16 }).countParams(); // 999
 */
export function buildVggSmall(options: VggSmallOptions = {}): tf.Sequential {
  const { inputShape, numClasses, seed } = resolveClassifierOptions(options);
  const widths = options.widths ?? DEFAULT_VGG_WIDTHS;
  checkShape(inputShape, widths.length);
  widths.forEach((width, i) => {
    checkPositiveInt(`widths[${i}]`, width);
  });
  const convs = resolveConvs(options.convsPerStage ?? DEFAULT_VGG_CONVS_PER_STAGE, widths.length);
  const denseUnits = options.denseUnits ?? DEFAULT_VGG_DENSE_UNITS;
  checkPositiveInt('denseUnits', denseUnits);
  const dropout = options.dropout ?? 0;
  checkRate('dropout', dropout);
  const momentum = options.batchNormMomentum ?? 0.99;
  if (!(momentum >= 0 && momentum < 1)) {
    throw new ScenarioError('INVALID_ARGUMENT', `batchNormMomentum must be in [0, 1), got ${momentum}`);
  }
  const nextSeed = seedSequence(seed);
  const model = tf.sequential({ name: 'vgg_small' });
  const normalizeAndActivate = (name: string) => {
    model.add(fastBatchNormalization({ momentum, name: `${name}_bn` }));
    model.add(tf.layers.reLU({ name: `${name}_relu` }));
  };

  widths.forEach((width, stage) => {
    for (let i = 0; i < (convs[stage] as number); i++) {
      const name = `stage${stage + 1}_conv${i + 1}`;
      model.add(
        tf.layers.conv2d({
          filters: width,
          kernelSize: 3,
          padding: 'same',
          useBias: false,
          kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
          name,
          ...(model.layers.length === 0 ? { inputShape } : {}),
        }),
      );
      normalizeAndActivate(name);
    }
    model.add(tf.layers.maxPooling2d({ poolSize: 2, name: `stage${stage + 1}_pool` }));
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout, name: 'dropout_1' }));
  model.add(
    tf.layers.dense({
      units: denseUnits,
      useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
      name: 'dense_1',
    }),
  );
  normalizeAndActivate('dense_1');
  if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout, name: 'dropout_2' }));
  model.add(
    tf.layers.dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      name: 'output',
    }),
  );
  return model;
}

/** Every stage halves height and width, so each must stay at least 1 pixel. */
function checkShape(inputShape: readonly number[], stages: number): void {
  if (stages === 0) throw new ScenarioError('INVALID_ARGUMENT', 'widths must name at least one stage');
  const [height, width] = inputShape;
  const smallest = 2 ** stages;
  if (inputShape.length !== 3 || height === undefined || width === undefined || Math.min(height, width) < smallest) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `vgg-small with ${stages} stages needs an input shape [height, width, channels] of at least ${smallest}x${smallest}, got [${inputShape.join(', ')}]`,
    );
  }
}

function resolveConvs(convsPerStage: number | readonly number[], stages: number): readonly number[] {
  const convs = typeof convsPerStage === 'number' ? Array<number>(stages).fill(convsPerStage) : convsPerStage;
  if (convs.length !== stages) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `convsPerStage has ${convs.length} entries but widths has ${stages} stages`,
    );
  }
  convs.forEach((count, i) => {
    checkPositiveInt(`convsPerStage[${i}]`, count);
  });
  return convs;
}
