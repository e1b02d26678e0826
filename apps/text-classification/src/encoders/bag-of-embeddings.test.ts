import { tf } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { BagOfEmbeddings } from './bag-of-embeddings.js';

/** A bag layer of 5 rows x 2 dims whose row i is [i, 10 i]. */
function bagWithTable(): { bag: BagOfEmbeddings; model: tf.LayersModel } {
  const input = tf.input({ shape: [3] });
  const bag = new BagOfEmbeddings({ buckets: 5, dim: 2, name: 'bag' });
  const model = tf.model({ inputs: input, outputs: bag.apply(input) as tf.SymbolicTensor });
  bag.setWeights([tf.tensor2d([0, 0, 1, 10, 2, 20, 3, 30, 4, 40], [5, 2])]);
  return { bag, model };
}

describe('BagOfEmbeddings', () => {
  it('averages the rows of the non-zero ids of each row (an empty row gives zeros)', () => {
    const { model } = bagWithTable();
    const before = tf.memory().numTensors;
    const ids = tf.tensor2d([1, 3, 0, 4, 4, 2, 0, 0, 0], [3, 3]);
    const out = model.predict(ids) as tf.Tensor;
    expect(out.shape).toEqual([3, 2]);
    // (1 + 3) / 2, (4 + 4 + 2) / 3, nothing.
    const values = Array.from(out.dataSync());
    for (const [i, expected] of [2, 20, 10 / 3, 100 / 3, 0, 0].entries()) expect(values[i]).toBeCloseTo(expected, 5);
    tf.dispose([ids, out]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("sends each row's gradient, divided by its count, to the rows of its ids", () => {
    const { bag, model } = bagWithTable();
    const table = bag.trainableWeights[0]?.read() as tf.Variable;
    const ids = tf.tensor2d([1, 3, 0, 3, 3, 2], [2, 3]);
    const weights = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(ids) as tf.Tensor, weights)), [table]);
    // Row 0 of the batch (ids 1, 3) sends [1, 2] / 2 to rows 1 and 3; row 1 (ids 3, 3, 2) sends [3, 4] / 3 three times.
    const expected = [0, 0, 0.5, 1, 1, 4 / 3, 0.5 + 2, 1 + 8 / 3, 0, 0];
    const actual = Array.from(grads[table.name]?.dataSync() ?? []);
    for (const [i, v] of expected.entries()) expect(actual[i]).toBeCloseTo(v, 5);
    tf.dispose([ids, weights, value, ...Object.values(grads)]);
    model.dispose();
  });

  it('round-trips through its config (saved models rebuild it)', () => {
    const bag = new BagOfEmbeddings({ buckets: 7, dim: 3, seed: 4, name: 'bag' });
    const config = bag.getConfig();
    expect(config).toMatchObject({ buckets: 7, dim: 3, seed: 4, name: 'bag' });
    const copy = tf.serialization.SerializationMap.getMap().classNameMap.BagOfEmbeddings;
    expect(copy?.[0]).toBe(BagOfEmbeddings);
  });
});
