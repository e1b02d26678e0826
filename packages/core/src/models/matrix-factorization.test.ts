import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { buildMatrixFactorization, matrixFactorization } from './matrix-factorization.js';

function column(values: number[]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1], 'int32');
}

function setTable(model: tf.LayersModel, name: string, rows: number[][]): void {
  tf.tidy(() => model.getLayer(name).setWeights([tf.tensor2d(rows)]));
}

describe('matrixFactorization', () => {
  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('predicts global bias + user bias + item bias + the dot product of the factors', () => {
    const model = buildMatrixFactorization({ numUsers: 2, numItems: 3, factors: 2, globalBias: 3.5 });
    // 2*2 + 3*2 factors, 2 + 3 biases, and the frozen global-bias layer's weight and bias.
    expect(model.countParams()).toBe(4 + 6 + 2 + 3 + 2);
    expect(model.trainableWeights.map((w) => w.originalName).sort()).toEqual([
      'item_bias/embeddings',
      'item_factors/embeddings',
      'user_bias/embeddings',
      'user_factors/embeddings',
    ]);
    setTable(model, 'user_factors', [
      [1, 2],
      [0, -1],
    ]);
    setTable(model, 'item_factors', [
      [0.5, 0],
      [1, 1],
      [-1, 0.25],
    ]);
    setTable(model, 'user_bias', [[0.1], [-0.2]]);
    setTable(model, 'item_bias', [[0], [0.3], [-0.5]]);
    const out = tf.tidy(() => (model.predict([column([0, 0, 1]), column([0, 1, 2])]) as tf.Tensor).dataSync());
    // user 0, item 0: 3.5 + 0.1 + 0 + (1*0.5 + 2*0) = 4.1
    // user 0, item 1: 3.5 + 0.1 + 0.3 + (1 + 2) = 6.9
    // user 1, item 2: 3.5 - 0.2 - 0.5 + (0 - 0.25) = 2.55
    expect(Array.from(out).map((v) => Number(v.toFixed(5)))).toEqual([4.1, 6.9, 2.55]);
    model.dispose();
  });

  it('leaves the biases out when asked and starts them at zero otherwise', () => {
    const plain = buildMatrixFactorization({ numUsers: 4, numItems: 5, factors: 3, biases: false });
    expect(plain.countParams()).toBe(4 * 3 + 5 * 3 + 2);
    plain.dispose();
    const biased = buildMatrixFactorization({ numUsers: 4, numItems: 5, factors: 3 });
    const bias = tf.tidy(() => Array.from(biased.getLayer('item_bias').getWeights()[0]?.dataSync() ?? []));
    expect(bias).toEqual([0, 0, 0, 0, 0]);
    biased.dispose();
  });

  it('builds the same factors from the same seed and different ones from another', () => {
    const factorsOf = (seed: number) => {
      const model = buildMatrixFactorization({ numUsers: 3, numItems: 3, factors: 4, seed });
      const values = tf.tidy(() => Array.from(model.getLayer('item_factors').getWeights()[0]?.dataSync() ?? []));
      model.dispose();
      return values;
    };
    expect(factorsOf(7)).toEqual(factorsOf(7));
    expect(factorsOf(7)).not.toEqual(factorsOf(8));
  });

  it('puts two prefixed factorisations in one graph on shared inputs', () => {
    const user = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
    const item = tf.input({ shape: [1], dtype: 'int32', name: 'item' });
    const a = matrixFactorization({ user, item }, { numUsers: 2, numItems: 2, factors: 2, namePrefix: 'a_' });
    const b = matrixFactorization({ user, item }, { numUsers: 2, numItems: 2, factors: 2, namePrefix: 'b_' });
    const model = tf.model({ inputs: [user, item], outputs: [a, b] });
    expect(model.getLayer('a_item_factors')).not.toBe(model.getLayer('b_item_factors'));
    expect(model.outputs.map((o) => o.shape)).toEqual([
      [null, 1],
      [null, 1],
    ]);
    model.dispose();
  });

  it('trains its tables through the gather gradient on the current backend', () => {
    const model = buildMatrixFactorization({ numUsers: 2, numItems: 2, factors: 2, globalBias: 3 });
    const optimizer = tf.train.adam(0.05);
    const users = column([0, 0, 1, 1]);
    const items = column([0, 1, 0, 1]);
    const ratings = tf.tensor2d([5, 1, 1, 5], [4, 1]);
    const loss = () =>
      tf.tidy(() => tf.losses.meanSquaredError(ratings, model.apply([users, items]) as tf.Tensor) as tf.Scalar);
    const before = tf.tidy(() => loss().dataSync()[0] as number);
    for (let step = 0; step < 200; step++) {
      optimizer.minimize(loss);
    }
    const after = tf.tidy(() => loss().dataSync()[0] as number);
    expect(before).toBeGreaterThan(3);
    expect(after).toBeLessThan(0.01);
    tf.dispose([users, items, ratings]);
    optimizer.dispose();
    model.dispose();
  });

  it('refuses bad sizes with INVALID_ARGUMENT', () => {
    expect(() => buildMatrixFactorization({ numUsers: 0, numItems: 2 })).toThrow(ScenarioError);
    expect(() => buildMatrixFactorization({ numUsers: 2, numItems: 2, factors: 1.5 })).toThrow(/factors/);
    expect(() => buildMatrixFactorization({ numUsers: 2, numItems: 2, globalBias: Number.NaN })).toThrow(/globalBias/);
    expect(() => buildMatrixFactorization({ numUsers: 2, numItems: 2, initStddev: 0 })).toThrow(/initStddev/);
  });
});
