import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

// Relative to the largest expected magnitude, for the loss and every weight's gradient after
// a forward and backward pass through several layers.
const TOLERANCE = 1e-4;

interface GradientCase {
  name: string;
  layers: () => tf.layers.Layer[];
  /** Input shape including the batch; integer ids in [0, vocabulary) when `vocabulary` is set. */
  input: number[];
  vocabulary?: number;
  classes: number;
}

function inputFor(c: GradientCase): tf.Tensor {
  const x = seededTensor(c.input, 21);
  if (c.vocabulary === undefined) return x;
  return tf.cast(tf.floor(tf.mul(tf.add(x, 1), c.vocabulary / 2)), 'int32');
}

function labelsFor(c: GradientCase): tf.Tensor {
  const batch = c.input[0] as number;
  const classes = Array.from({ length: batch }, (_, i) => (i * 7) % c.classes);
  return tf.oneHot(tf.tensor1d(classes, 'int32'), c.classes);
}

/**
 * Builds the model on the current backend with seeded weights and returns the cross-entropy
 * loss of a training-mode forward pass and its gradient for every trainable weight.
 */
function lossAndGradients(c: GradientCase): tf.Tensor[] {
  const model = tf.sequential({ layers: c.layers() });
  model.trainableWeights.forEach((weight, i) => {
    // Scaled by 1/sqrt(fan-in), as initialisers do, so activations stay in a useful range.
    const fanIn = (weight.shape.slice(0, -1) as number[]).reduce((a, b) => a * b, 1);
    weight.write(tf.mul(seededTensor(weight.shape as number[], 100 + i), 1 / Math.sqrt(fanIn)));
  });
  const x = inputFor(c);
  const labels = labelsFor(c);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const probabilities = model.apply(x, { training: true }) as tf.Tensor;
    return tf.mean(tf.metrics.categoricalCrossentropy(labels, probabilities)) as tf.Scalar;
  }, variables);
  const ordered = variables.map((v) => grads[v.name] as tf.Tensor);
  model.dispose();
  return [value, ...ordered];
}

const CASES: GradientCase[] = [
  {
    name: 'the reference CNN',
    input: [2, 28, 28, 1],
    classes: 10,
    layers: () => [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  },
  {
    name: 'conv2d: stride 2 same, then a non-square valid filter',
    input: [3, 9, 8, 3],
    classes: 3,
    layers: () => [
      tf.layers.conv2d({
        inputShape: [9, 8, 3],
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.conv2d({ filters: 5, kernelSize: [2, 3], activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  },
  {
    name: 'depthwise conv: multiplier 2 same, then stride 2 valid',
    input: [2, 9, 9, 3],
    classes: 4,
    layers: () => [
      tf.layers.depthwiseConv2d({
        inputShape: [9, 9, 3],
        kernelSize: 3,
        depthMultiplier: 2,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2 }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  },
  {
    name: 'separable conv: stride 2 same, then stride 1 valid',
    input: [2, 10, 9, 3],
    classes: 3,
    layers: () => [
      tf.layers.separableConv2d({
        inputShape: [10, 9, 3],
        filters: 6,
        kernelSize: 3,
        strides: 2,
        depthMultiplier: 2,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.separableConv2d({ filters: 4, kernelSize: 3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  },
  {
    name: 'max pooling: 3x3 stride 2 same, then 2x2 valid, after ReLU',
    input: [3, 11, 11, 2],
    classes: 3,
    layers: () => [
      tf.layers.conv2d({ inputShape: [11, 11, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  },
  {
    name: 'average pooling: 2x2 valid, then 3x3 stride 1 same',
    input: [2, 9, 8, 3],
    classes: 2,
    layers: () => [
      tf.layers.conv2d({ inputShape: [9, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.averagePooling2d({ poolSize: 2 }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  },
  {
    // No bias before batch normalisation: it cancels out, so its gradient is rounding noise.
    name: 'batch normalisation of conv features and of dense features, in training mode',
    input: [4, 8, 8, 3],
    classes: 3,
    layers: () => [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 5, kernelSize: 3, padding: 'same', useBias: false }),
      tf.layers.batchNormalization({}),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 6, useBias: false }),
      tf.layers.batchNormalization({}),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  },
  {
    name: 'embedding with repeated ids, flattened and averaged',
    input: [5, 7],
    vocabulary: 12,
    classes: 3,
    layers: () => [
      tf.layers.embedding({ inputDim: 12, outputDim: 6, inputLength: 7 }),
      tf.layers.conv1d({ filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.globalAveragePooling1d({}),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  },
  {
    name: 'dense with seeded dropout, softmax and cross-entropy',
    input: [6, 10],
    classes: 4,
    layers: () => [
      tf.layers.dense({ inputShape: [10], units: 16, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.3, seed: 5 }),
      tf.layers.dense({ units: 8, activation: 'tanh' }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  },
];

describe('gradients through layers, wasm against cpu', () => {
  it.each(CASES)('$name', async (c) => {
    expect(await wasmErrorAgainstCpu(() => lossAndGradients(c))).toBeLessThan(TOLERANCE);
  });
});
