import { ScenarioError, tf } from '@scenarios/core';
import { BagOfEmbeddings } from './bag-of-embeddings.js';
import { type NgramConfig, NgramFeaturizer } from './ngram-features.js';
import type { TextEncoder } from './text-encoder.js';

/** Name of the bag-of-embeddings layer in an `ngram` classifier. */
export const BAG_LAYER = 'bag';

/**
 * The `ngram` encoder of a trained classifier: hashed n-gram features through the model's own
 * bag-of-embeddings layer. It shares the model's weights: tfjs counts the models that use a layer,
 * and frees its weights once every one of them (this encoder, the head, the model) is disposed.
 */
export class NgramEncoder implements TextEncoder {
  readonly name = 'ngram' as const;
  readonly dim: number;
  readonly featurizer: NgramFeaturizer;
  readonly #model: tf.LayersModel;

  /** `model` is a whole `ngram` classifier; the encoder reads its `bag` layer. */
  constructor(model: tf.LayersModel, config: NgramConfig) {
    const bag = findBag(model);
    this.featurizer = new NgramFeaturizer(config);
    if (bag.buckets !== config.buckets) {
      throw new ScenarioError(
        'MODEL_INVALID',
        `the model's embedding table has ${bag.buckets} rows but the n-gram config says ${config.buckets} buckets`,
      );
    }
    this.dim = bag.dim;
    // Applying the layer to an input of its own counts this model as one more user of the layer.
    const input = tf.input({ shape: [config.maxTokens], name: 'feature_ids' });
    this.#model = tf.model({ inputs: input, outputs: bag.apply(input) as tf.SymbolicTensor });
  }

  async embed(texts: readonly string[]): Promise<tf.Tensor2D> {
    const { maxTokens } = this.featurizer.config;
    return tf.tidy(() => {
      const ids = tf.tensor2d(this.featurizer.featurize(texts), [texts.length, maxTokens]);
      return this.#model.predict(ids) as tf.Tensor2D;
    });
  }

  dispose(): void {
    this.#model.dispose();
  }
}

/** The bag-of-embeddings layer of an `ngram` classifier; MODEL_INVALID when it has none. */
export function findBag(model: tf.LayersModel): BagOfEmbeddings {
  const bag = model.layers.find((layer) => layer.name === BAG_LAYER);
  if (!(bag instanceof BagOfEmbeddings)) {
    throw new ScenarioError('MODEL_INVALID', `the model has no ${BAG_LAYER} layer; it is not an ngram text classifier`);
  }
  return bag;
}

/**
 * The layers after the bag as a model of their own, from a [dim] embedding to the outputs: the
 * head that classifies what the encoder (or the embedding cache) gives. It shares the weights
 * (dispose it as well as the model).
 */
export function headAfterBag(model: tf.LayersModel): tf.LayersModel {
  const bag = findBag(model);
  const after = model.layers.slice(model.layers.indexOf(bag) + 1);
  const input = tf.input({ shape: [bag.dim], name: 'embedding' });
  const output = after.reduce<tf.SymbolicTensor>((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output });
}
