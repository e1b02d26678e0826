import { tf } from '../tf.js';
import {
  type ClassifierOptions,
  checkPositiveInt,
  checkRate,
  resolveClassifierOptions,
  seedSequence,
} from './builder-options.js';

export interface MlpOptions extends ClassifierOptions {
  /** Units of each hidden ReLU layer, in order; empty gives multinomial logistic regression. Default `[128]`. */
  hiddenUnits?: readonly number[];
  /** Dropout rate after each hidden layer; 0 leaves dropout out. Default 0. */
  dropout?: number;
}

export const DEFAULT_MLP_HIDDEN_UNITS: readonly number[] = Object.freeze([128]);

/**
 * A multi-layer perceptron classifier: flatten the input, dense ReLU hidden layers (each
 * optionally followed by dropout), dense softmax output. Returns an uncompiled model.
 *
 * @example
 * buildMlp({ inputShape: [28, 28, 1], hiddenUnits: [128] }).countParams(); // 101770 = 784*128+128 + 128*10+10
 */
export function buildMlp(options: MlpOptions = {}): tf.Sequential {
  const { inputShape, numClasses, seed } = resolveClassifierOptions(options);
  const hiddenUnits = options.hiddenUnits ?? DEFAULT_MLP_HIDDEN_UNITS;
  hiddenUnits.forEach((units, i) => {
    checkPositiveInt(`hiddenUnits[${i}]`, units);
  });
  const dropout = options.dropout ?? 0;
  checkRate('dropout', dropout);
  const nextSeed = seedSequence(seed);

  const model = tf.sequential({ name: 'mlp' });
  // A rank-1 input is already flat (and tfjs's Flatten refuses it).
  if (inputShape.length > 1) model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
  hiddenUnits.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
        name: `dense_${i + 1}`,
        ...(model.layers.length === 0 ? { inputShape } : {}),
      }),
    );
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout, name: `dropout_${i + 1}` }));
  });
  model.add(
    tf.layers.dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      name: 'output',
      ...(model.layers.length === 0 ? { inputShape } : {}),
    }),
  );
  return model;
}
