import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { fastBatchNormalization } from './batch-norm-layer.js';

/** A one-layer model for [4, 4, 3] inputs around a batch-norm layer, with set gamma and beta. */
function wrap(make: typeof fastBatchNormalization, momentum = 0.99): tf.Sequential {
  const model = tf.sequential();
  const layer = make({ inputShape: [4, 4, 3], momentum });
  model.add(layer);
  const [, , mean, variance] = layer.getWeights();
  tf.tidy(() => {
    layer.setWeights([
      tf.tensor1d([1.5, 0.5, -2]),
      tf.tensor1d([0.1, -0.2, 0.3]),
      mean as tf.Tensor,
      variance as tf.Tensor,
    ]);
  });
  return model;
}

/** The loss sum(layer(x) * w) and its gradients with respect to x, gamma and beta, in training mode. */
function lossAndGradients(model: tf.Sequential, x: tf.Tensor, w: tf.Tensor): number[][] {
  return tf.tidy(() => {
    const weights = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, w)),
      weights,
    );
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input, { training: true }) as tf.Tensor, w)))(x);
    return [value, dx, ...weights.map((v) => grads[v.name] as tf.Tensor)].map((t) => Array.from(t.dataSync()));
  });
}

const closeTo = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(a).toBeCloseTo(expected[i] as number, 4);
  });
};

describe('fastBatchNormalization', () => {
  let x: tf.Tensor;
  let w: tf.Tensor;
  beforeAll(() => {
    x = tf.randomNormal([5, 4, 4, 3], 1, 2, 'float32', 1);
    w = tf.randomNormal([5, 4, 4, 3], 0, 1, 'float32', 2);
  });
  afterAll(() => {
    tf.dispose([x, w]);
  });

  it("trains as tfjs-layers' batch norm: same loss, gradients and moving statistics", () => {
    const fast = wrap(fastBatchNormalization, 0.9);
    const stock = wrap(tf.layers.batchNormalization, 0.9);
    const before = tf.memory().numTensors;
    const [fastResult, stockResult] = [lossAndGradients(fast, x, w), lossAndGradients(stock, x, w)];
    expect(tf.memory().numTensors).toBe(before);
    fastResult.forEach((values, i) => {
      closeTo(values, stockResult[i] as number[]);
    });
    // Two training passes each moved the moving mean and variance the same way.
    const moving = (model: tf.Sequential) =>
      model.layers[0]
        ?.getWeights()
        .slice(2)
        .map((t) => Array.from(t.dataSync()));
    const [fastMoving, stockMoving] = [moving(fast), moving(stock)];
    fastMoving?.forEach((values, i) => {
      closeTo(values, stockMoving?.[i] as number[]);
    });
    expect(fastMoving?.[0]).not.toEqual([0, 0, 0]);
    fast.dispose();
    stock.dispose();
  });

  it("infers with the moving statistics and loads back as tfjs-layers' BatchNormalization", async () => {
    const fast = wrap(fastBatchNormalization);
    expect(fast.layers[0]?.getClassName()).toBe('BatchNormalization');
    let artifacts: tf.io.ModelArtifacts | undefined;
    await fast.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    expect(Object.getPrototypeOf(loaded.layers[0]).constructor).toBe(
      Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor,
    );
    const [a, b] = [fast.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    closeTo(Array.from(a.dataSync()), Array.from(b.dataSync()));
    tf.dispose([a, b]);
    fast.dispose();
    loaded.dispose();
  });
});
