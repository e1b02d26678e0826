import { tf } from '@scenarios/core';
import { BagOfEmbeddings } from './encoders/bag-of-embeddings.js';
import { BAG_LAYER } from './encoders/ngram-encoder.js';
import type { NgramConfig } from './encoders/ngram-features.js';

/** What every classifier head needs to know. */
export interface HeadOptions {
  numClasses: number;
  /** Sigmoid outputs, one per class, instead of a softmax. Default false. */
  multiLabel?: boolean;
  /** Dropout on the embedding before the output layer. */
  dropout: number;
  /** Seeds the initial weights. Default 0. */
  seed?: number;
}

/** Name of the output layer of every classifier. */
export const OUTPUT_LAYER = 'output';

/**
 * The `ngram` classifier (fastText): [maxTokens] hashed feature ids -> bag of embeddings (mean of
 * the ids' rows, `dim` wide) -> dropout -> dense softmax (or sigmoid for multi-label). Encoder and
 * head train together.
 */
export function buildNgramClassifier(options: HeadOptions & { ngram: NgramConfig; dim: number }): tf.LayersModel {
  const seed = options.seed ?? 0;
  const input = tf.input({ shape: [options.ngram.maxTokens], name: 'feature_ids' });
  const bag = new BagOfEmbeddings({ buckets: options.ngram.buckets, dim: options.dim, seed, name: BAG_LAYER });
  const output = headLayers(options).reduce<tf.SymbolicTensor>(
    (x, layer) => layer.apply(x) as tf.SymbolicTensor,
    bag.apply(input) as tf.SymbolicTensor,
  );
  return tf.model({ inputs: input, outputs: output, name: 'ngram_classifier' });
}

/**
 * A head on fixed embeddings (the `use` encoder's 512 dimensions): dropout -> dense ReLU of
 * `hidden` units -> dropout -> dense softmax (or sigmoid).
 */
export function buildEmbeddingHead(options: HeadOptions & { inputDim: number; hidden: number }): tf.LayersModel {
  const seed = options.seed ?? 0;
  const input = tf.input({ shape: [options.inputDim], name: 'embedding' });
  const hidden = tf.layers.dense({
    units: options.hidden,
    activation: 'relu',
    kernelInitializer: tf.initializers.heNormal({ seed: seed + 2 }),
    name: 'hidden',
  });
  const layers = [
    tf.layers.dropout({ rate: options.dropout, seed: seed + 3, name: 'embedding_dropout' }),
    hidden,
    ...headLayers(options),
  ];
  const output = layers.reduce<tf.SymbolicTensor>((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output, name: 'embedding_head' });
}

function headLayers(options: HeadOptions): tf.layers.Layer[] {
  const seed = options.seed ?? 0;
  return [
    tf.layers.dropout({ rate: options.dropout, seed: seed + 1, name: 'head_dropout' }),
    tf.layers.dense({
      units: options.numClasses,
      activation: options.multiLabel ? 'sigmoid' : 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      name: OUTPUT_LAYER,
    }),
  ];
}

/**
 * Balanced class weights for a single-label task, `n / (classes * count)` as scikit-learn's
 * `class_weight='balanced'`: a rare class weighs more. Classes absent from `labels` get 1.
 *
 * @example balancedClassWeights(Int32Array.from([0, 0, 0, 1]), 2) // [0.667, 2]
 */
export function balancedClassWeights(labels: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label] = (counts[label] as number) + 1;
  return counts.map((count) => (count === 0 ? 1 : labels.length / (numClasses * count)));
}
