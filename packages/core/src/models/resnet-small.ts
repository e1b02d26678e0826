import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import {
  type ClassifierOptions,
  checkPositiveInt,
  checkRate,
  resolveClassifierOptions,
  seedSequence,
} from './builder-options.js';

export interface ResnetSmallOptions extends ClassifierOptions {
  /** Channels of each stage; every stage after the first halves height and width. Default `[16, 32, 64]`. */
  widths?: readonly number[];
  /** Residual blocks in each stage: one number for all stages, or one per stage. Default 2. */
  blocksPerStage?: number | readonly number[];
  /** Dropout rate before the classifier; 0 leaves dropout out. Default 0. */
  dropout?: number;
}

export const DEFAULT_RESNET_WIDTHS: readonly number[] = Object.freeze([16, 32, 64]);
export const DEFAULT_RESNET_BLOCKS_PER_STAGE = 2;

/**
 * A small residual CNN with batch normalisation, built with the functional API:
 * a stem (conv 3x3, batch norm, ReLU); stages of basic residual blocks (conv-bn-ReLU-conv-bn
 * plus a shortcut, then ReLU), where a block that changes stride or width gets a 1x1
 * convolution + batch norm projection shortcut; global average pooling; dense softmax.
 * Convolutions use 'same' padding and no bias (batch norm supplies it). The input must be
 * [height, width, channels]. Returns an uncompiled model.
 *
 * @example
 * buildResnetSmall({ inputShape: [8, 8, 1], numClasses: 3, widths: [4, 8], blocksPerStage: 1 }).countParams(); // 1391
 */
export function buildResnetSmall(options: ResnetSmallOptions = {}): tf.LayersModel {
  const { inputShape, numClasses, seed } = resolveClassifierOptions(options);
  if (inputShape.length !== 3) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `resnet-small needs an input shape [height, width, channels], got [${inputShape.join(', ')}]`,
    );
  }
  const widths = options.widths ?? DEFAULT_RESNET_WIDTHS;
  if (widths.length === 0) throw new ScenarioError('INVALID_ARGUMENT', 'widths must name at least one stage');
  widths.forEach((width, i) => {
    checkPositiveInt(`widths[${i}]`, width);
  });
  const blocks = resolveBlocks(options.blocksPerStage ?? DEFAULT_RESNET_BLOCKS_PER_STAGE, widths.length);
  const dropout = options.dropout ?? 0;
  checkRate('dropout', dropout);
  const layers = new LayerFactory(seed);

  const input = tf.input({ shape: inputShape, name: 'input' });
  let x = layers.convBnRelu(input, { filters: widths[0] as number, kernelSize: 3, strides: 1, name: 'stem' });
  widths.forEach((width, stage) => {
    for (let block = 0; block < (blocks[stage] as number); block++) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      x = layers.residualBlock(x, { filters: width, strides, name: `stage${stage + 1}_block${block + 1}` });
    }
  });
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  if (dropout > 0) x = tf.layers.dropout({ rate: dropout, name: 'dropout' }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: layers.nextSeed() }),
      name: 'output',
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'resnet_small' });
}

function resolveBlocks(blocksPerStage: number | readonly number[], stages: number): readonly number[] {
  const blocks = typeof blocksPerStage === 'number' ? Array<number>(stages).fill(blocksPerStage) : blocksPerStage;
  if (blocks.length !== stages) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `blocksPerStage has ${blocks.length} entries but widths has ${stages} stages`,
    );
  }
  blocks.forEach((count, i) => {
    checkPositiveInt(`blocksPerStage[${i}]`, count);
  });
  return blocks;
}

interface ConvSpec {
  filters: number;
  kernelSize: number;
  strides: number;
  name: string;
}

/** Creates the seeded layers of one network, so every initialiser gets its own seed. */
class LayerFactory {
  readonly nextSeed: () => number;

  constructor(seed: number) {
    this.nextSeed = seedSequence(seed);
  }

  convBn(x: tf.SymbolicTensor, spec: ConvSpec): tf.SymbolicTensor {
    const conv = tf.layers.conv2d({
      filters: spec.filters,
      kernelSize: spec.kernelSize,
      strides: spec.strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: this.nextSeed() }),
      name: `${spec.name}_conv`,
    });
    const bn = tf.layers.batchNormalization({ name: `${spec.name}_bn` });
    return bn.apply(conv.apply(x)) as tf.SymbolicTensor;
  }

  convBnRelu(x: tf.SymbolicTensor, spec: ConvSpec): tf.SymbolicTensor {
    return tf.layers.reLU({ name: `${spec.name}_relu` }).apply(this.convBn(x, spec)) as tf.SymbolicTensor;
  }

  residualBlock(x: tf.SymbolicTensor, spec: { filters: number; strides: number; name: string }): tf.SymbolicTensor {
    const { filters, strides, name } = spec;
    const inputChannels = x.shape[x.shape.length - 1];
    const branch = this.convBn(this.convBnRelu(x, { filters, kernelSize: 3, strides, name: `${name}_a` }), {
      filters,
      kernelSize: 3,
      strides: 1,
      name: `${name}_b`,
    });
    // The identity only fits when the block keeps both resolution and width.
    const shortcut =
      strides === 1 && inputChannels === filters
        ? x
        : this.convBn(x, { filters, kernelSize: 1, strides, name: `${name}_shortcut` });
    const sum = tf.layers.add({ name: `${name}_add` }).apply([branch, shortcut]) as tf.SymbolicTensor;
    return tf.layers.reLU({ name: `${name}_out` }).apply(sum) as tf.SymbolicTensor;
  }
}
