import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { type ClassifierOptions, resolveClassifierOptions, seedSequence } from './builder-options.js';

export type ReferenceCnnOptions = ClassifierOptions;

/**
 * The reference CNN of the benchmarks (`bench/torch_fashion_cnn.py`), layer for layer:
 * conv32 3x3 ReLU, max-pool 2, conv64 3x3 ReLU, max-pool 2, conv64 3x3 ReLU, flatten,
 * dense64 ReLU, dense softmax. Convolutions use 'valid' padding, as PyTorch does by default,
 * so the parameter count matches PyTorch's. Only input shape, classes and seed are options,
 * so that it stays comparable. The input must be [height, width, channels], at least 18x18.
 * Returns an uncompiled model.
 *
 * @example
 * buildReferenceCnn().countParams(); // 93322 = 320 + 18496 + 36928 + 36928 + 650
 */
export function buildReferenceCnn(options: ReferenceCnnOptions = {}): tf.Sequential {
  const { inputShape, numClasses, seed } = resolveClassifierOptions(options);
  checkInputShape(inputShape);
  const nextSeed = seedSequence(seed);
  const conv = (filters: number, name: string, extra: { inputShape?: number[] } = {}) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'valid',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      name,
      ...extra,
    });

  const model = tf.sequential({ name: 'reference_cnn' });
  model.add(conv(32, 'conv_1', { inputShape }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool_1' }));
  model.add(conv(64, 'conv_2'));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool_2' }));
  model.add(conv(64, 'conv_3'));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(
    tf.layers.dense({
      units: 64,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      name: 'dense_1',
    }),
  );
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

/** Three valid 3x3 convolutions and two 2x2 pools leave ((s - 2) / 2 - 2) / 2 - 2 pixels. */
function checkInputShape(inputShape: readonly number[]): void {
  const [height, width] = inputShape;
  const remaining = (size: number) => Math.floor((Math.floor((size - 2) / 2) - 2) / 2) - 2;
  if (
    inputShape.length !== 3 ||
    height === undefined ||
    width === undefined ||
    remaining(Math.min(height, width)) < 1
  ) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `reference-cnn needs an input shape [height, width, channels] of at least 18x18, got [${inputShape.join(', ')}]`,
    );
  }
}
