import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { checkPositiveInt, seedSequence } from './builder-options.js';

export interface MatrixFactorizationOptions {
  /** Rows of the user tables: user indices run from 0 to numUsers - 1. */
  numUsers: number;
  /** Rows of the item tables: item indices run from 0 to numItems - 1. */
  numItems: number;
  /** Latent factors per user and per item. Default 32. */
  factors?: number;
  /** Add a learned bias per user and per item. Default true. */
  biases?: boolean;
  /** A constant added to every prediction (for ratings, their training mean), kept out of training. Default 0. */
  globalBias?: number;
  /** Standard deviation of the normal initialiser of the factors; biases start at 0. Default 0.05. */
  initStddev?: number;
  /** Seed of the initialisers. Default 0. */
  seed?: number;
  /** Prefix of the layer names, to put two factorisations in one graph. Default '' (no prefix). */
  namePrefix?: string;
}

/** The symbolic user and item index inputs of a factorisation, each `[batch, 1]` int32. */
export interface MatrixFactorizationInputs {
  user: tf.SymbolicTensor;
  item: tf.SymbolicTensor;
}

/** Default latent factors. */
export const DEFAULT_MF_FACTORS = 32;

/**
 * Adds biased matrix factorisation to a functional graph and returns its `[batch, 1]` output:
 * `globalBias + b_user + b_item + dot(p_user, q_item)`. The tables are Embedding layers named
 * `<prefix>user_factors`, `<prefix>item_factors`, `<prefix>user_bias` and `<prefix>item_bias`, so
 * a custom training loop can reach their variables with `model.getLayer(name)`; the global bias is
 * a frozen Dense layer `<prefix>global_bias` (weight 1, bias `globalBias`).
 */
export function matrixFactorization(
  inputs: MatrixFactorizationInputs,
  options: MatrixFactorizationOptions,
): tf.SymbolicTensor {
  const { numUsers, numItems } = options;
  checkPositiveInt('numUsers', numUsers);
  checkPositiveInt('numItems', numItems);
  const factors = options.factors ?? DEFAULT_MF_FACTORS;
  checkPositiveInt('factors', factors);
  const stddev = options.initStddev ?? 0.05;
  if (!(stddev > 0 && Number.isFinite(stddev))) invalid(`initStddev must be a positive number, got ${stddev}`);
  const globalBias = options.globalBias ?? 0;
  if (!Number.isFinite(globalBias)) invalid(`globalBias must be a finite number, got ${globalBias}`);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) invalid(`seed must be an integer, got ${seed}`);
  const prefix = options.namePrefix ?? '';
  const nextSeed = seedSequence(seed);

  const table = (spec: { input: tf.SymbolicTensor; rows: number; width: number; name: string }): tf.SymbolicTensor => {
    const { input, rows, width, name } = spec;
    const embeddingsInitializer =
      width === 1 ? tf.initializers.zeros() : tf.initializers.randomNormal({ mean: 0, stddev, seed: nextSeed() });
    const embedded = tf.layers
      .embedding({ inputDim: rows, outputDim: width, embeddingsInitializer, name: `${prefix}${name}` })
      .apply(input) as tf.SymbolicTensor;
    return tf.layers.flatten({ name: `${prefix}${name}_flat` }).apply(embedded) as tf.SymbolicTensor;
  };
  const userFactors = table({ input: inputs.user, rows: numUsers, width: factors, name: 'user_factors' });
  const itemFactors = table({ input: inputs.item, rows: numItems, width: factors, name: 'item_factors' });
  const terms: tf.SymbolicTensor[] = [
    tf.layers.dot({ axes: 1, name: `${prefix}factor_dot` }).apply([userFactors, itemFactors]) as tf.SymbolicTensor,
  ];
  if (options.biases ?? true) {
    terms.push(
      table({ input: inputs.user, rows: numUsers, width: 1, name: 'user_bias' }),
      table({ input: inputs.item, rows: numItems, width: 1, name: 'item_bias' }),
    );
  }
  const sum = terms.length === 1 ? terms[0] : tf.layers.add({ name: `${prefix}bias_sum` }).apply(terms);
  return tf.layers
    .dense({
      units: 1,
      kernelInitializer: tf.initializers.ones(),
      biasInitializer: tf.initializers.constant({ value: globalBias }),
      trainable: false,
      name: `${prefix}global_bias`,
    })
    .apply(sum as tf.SymbolicTensor) as tf.SymbolicTensor;
}

/**
 * A biased matrix factorisation model (Koren, Bell and Volinsky 2009): inputs `user` and `item`,
 * int32 `[batch, 1]` indices; output `[batch, 1]`, `globalBias + b_user + b_item + dot(p_user, q_item)`.
 * Uncompiled: train it with a loop of your own (the tables are Embedding layers, whose gather has a
 * gradient on every backend) or `model.fit` with inputs `[users, items]`.
 *
 * @example
 * const model = buildMatrixFactorization({ numUsers: 671, numItems: 9066, factors: 64, globalBias: 3.54 });
 * model.countParams(); // 671*64 + 9066*64 + 671 + 9066 + 2 = 632907 (the last 2 frozen)
 * model.predict([tf.tensor2d([[0]], [1, 1], 'int32'), tf.tensor2d([[5]], [1, 1], 'int32')]); // [[3.54...]]
 */
export function buildMatrixFactorization(options: MatrixFactorizationOptions): tf.LayersModel {
  const user = tf.input({ shape: [1], dtype: 'int32', name: `${options.namePrefix ?? ''}user` });
  const item = tf.input({ shape: [1], dtype: 'int32', name: `${options.namePrefix ?? ''}item` });
  const output = matrixFactorization({ user, item }, options);
  return tf.model({ inputs: [user, item], outputs: output, name: 'matrix_factorization' });
}

function invalid(message: string): never {
  throw new ScenarioError('INVALID_ARGUMENT', message);
}
