import { describe, expect, it } from 'vitest';
import { ArrayDataset } from '../data/array-dataset.js';
import { tf } from '../tf.js';
import { predictDataset } from './predict-dataset.js';

describe('predictDataset', () => {
  it('returns every output row in dataset order across partial batches, leaking nothing', async () => {
    // y = 2 * x0 - x1, checked by hand for each of the 5 rows.
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, useBias: false })] });
    model.setWeights([tf.tensor2d([[2], [-1]])]);
    const dataset = new ArrayDataset({
      inputs: Float32Array.from([1, 0, 0, 1, 2, 2, 3, 1, -1, -1]),
      inputShape: [2],
      targets: Int32Array.from([0, 0, 0, 0, 0]),
    });
    const before = tf.memory().numTensors;
    const outputs = await predictDataset(model, dataset, { batchSize: 2 });
    expect(Array.from(outputs)).toEqual([2, -1, 2, 5, -1]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
