import { describe, expect, it } from 'vitest';
import { ArrayDataset } from '../data/array-dataset.js';
import { tf } from '../tf.js';
import { evaluateClassifier } from './evaluate-classifier.js';

describe('evaluateClassifier', () => {
  it('reports the metrics of a fixed classifier on a labelled data set without leaking tensors', async () => {
    // softmax([x, -x]): class 0 when x > 0. Inputs 2, -1, 3, -2 with labels 0, 1, 1, 1:
    // predictions 0, 1, 0, 1 -> 3 of 4 correct.
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [1], units: 2, useBias: false, activation: 'softmax' })],
    });
    model.setWeights([tf.tensor2d([[1, -1]])]);
    const dataset = new ArrayDataset({
      inputs: Float32Array.from([2, -1, 3, -2]),
      inputShape: [1],
      targets: Int32Array.from([0, 1, 1, 1]),
    });
    const before = tf.memory().numTensors;
    const report = await evaluateClassifier(model, dataset, { classNames: ['no', 'yes'], batchSize: 3 });
    expect(report.accuracy).toBe(0.75);
    expect(report.confusion_matrix).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect(report.per_class[1]?.class_name).toBe('yes');
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
