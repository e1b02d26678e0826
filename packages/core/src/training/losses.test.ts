import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  meanSquaredError,
  resolveLoss,
  sparseCategoricalCrossentropy,
} from './losses.js';
import { accuracy, resolveMetrics } from './metrics.js';

const values = (f: () => tf.Tensor) => tf.tidy(() => Array.from(f().dataSync()));

describe('losses (one value per example)', () => {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  const probabilities = () =>
    tf.tensor2d([
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
    ]);

  it('sparse categorical crossentropy is -ln p(label), for labels of shape [n] or [n, 1]', () => {
    const expected = [-Math.log(0.7), -Math.log(0.1)]; // 0.35667, 2.30259
    const flat = values(() => sparseCategoricalCrossentropy(tf.tensor1d([0, 2], 'int32'), probabilities()));
    const column = values(() => sparseCategoricalCrossentropy(tf.tensor2d([[0], [2]]), probabilities()));
    for (const [i, value] of expected.entries()) {
      expect(flat[i]).toBeCloseTo(value, 5);
      expect(column[i]).toBeCloseTo(value, 5);
    }
  });

  it('clips probabilities to 1e-7 as Keras does, so a confident mistake costs -ln 1e-7', () => {
    const [loss] = values(() => sparseCategoricalCrossentropy(tf.tensor1d([1], 'int32'), tf.tensor2d([[1, 0]])));
    expect(loss).toBeCloseTo(-Math.log(1e-7), 3); // 16.118
  });

  it('categorical crossentropy of one-hot targets equals the sparse loss', () => {
    const oneHot = tf.tensor2d([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const loss = values(() => categoricalCrossentropy(oneHot, probabilities()));
    expect(loss[0]).toBeCloseTo(-Math.log(0.7), 5);
    expect(loss[1]).toBeCloseTo(-Math.log(0.1), 5);
    oneHot.dispose();
  });

  it('binary crossentropy is -ln p for label 1 and -ln(1 - p) for label 0', () => {
    const loss = values(() => binaryCrossentropy(tf.tensor1d([1, 0]), tf.tensor2d([[0.9], [0.2]])));
    expect(loss[0]).toBeCloseTo(-Math.log(0.9), 5); // 0.10536
    expect(loss[1]).toBeCloseTo(-Math.log(0.8), 5); // 0.22314
  });

  it('mean squared error averages over the outputs of each example', () => {
    const loss = values(() =>
      meanSquaredError(
        tf.tensor2d([
          [1, 0],
          [0, 4],
        ]),
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
      ),
    );
    expect(loss).toEqual([2, 4.5]); // (0 + 4) / 2, (9 + 0) / 2
  });

  it('accuracy reads integer, one-hot and binary targets', () => {
    const predictions = probabilities();
    expect(values(() => accuracy.fn(tf.tensor1d([0, 2], 'int32'), predictions))).toEqual([1, 0]);
    expect(
      values(() =>
        accuracy.fn(
          tf.tensor2d([
            [0, 1, 0],
            [0, 1, 0],
          ]),
          predictions,
        ),
      ),
    ).toEqual([0, 1]);
    expect(values(() => accuracy.fn(tf.tensor1d([1, 1, 0]), tf.tensor2d([[0.9], [0.4], [0.3]])))).toEqual([1, 0, 1]);
    predictions.dispose();
  });

  it('resolves names and refuses unknown ones', () => {
    expect(resolveLoss('binaryCrossentropy')).toBe(binaryCrossentropy);
    expect(() => resolveLoss('hinge' as never)).toThrow(ScenarioError);
    expect(resolveMetrics(['accuracy'])).toEqual([accuracy]);
    expect(() => resolveMetrics(['accuracy', accuracy])).toThrow(/metric name "accuracy" must be a unique/);
    expect(() => resolveMetrics([{ name: 'val_auc', fn: (y) => y }])).toThrow(/not start with "val_"/);
  });
});
