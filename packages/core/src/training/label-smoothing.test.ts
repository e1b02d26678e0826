import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { labelSmoothingCrossentropy } from './label-smoothing.js';
import { sparseCategoricalCrossentropy } from './losses.js';

const values = (f: () => tf.Tensor) => tf.tidy(() => Array.from(f().dataSync()));

describe('labelSmoothingCrossentropy', () => {
  const probabilities = () =>
    tf.tensor2d([
      [0.9, 0.1],
      [0.25, 0.75],
    ]);

  it('weighs the label 1 - s + s/k and the other classes s/k', () => {
    const before = tf.memory().numTensors;
    const loss = values(() => labelSmoothingCrossentropy(0.1)(tf.tensor1d([0, 0], 'int32'), probabilities()));
    expect(tf.memory().numTensors).toBe(before);
    expect(loss[0]).toBeCloseTo(-(0.95 * Math.log(0.9) + 0.05 * Math.log(0.1)), 5); // 0.21522
    expect(loss[1]).toBeCloseTo(-(0.95 * Math.log(0.25) + 0.05 * Math.log(0.75)), 5); // 1.33135
  });

  it('is the plain loss without smoothing, for labels of shape [n] or [n, 1]', () => {
    const plain = values(() => sparseCategoricalCrossentropy(tf.tensor1d([1, 0], 'int32'), probabilities()));
    const column = values(() => labelSmoothingCrossentropy(0)(tf.tensor2d([[1], [0]]), probabilities()));
    column.forEach((value, i) => {
      expect(value).toBeCloseTo(plain[i] as number, 6);
    });
  });

  it.each([-0.1, 1, Number.NaN])('refuses smoothing %s', (smoothing) => {
    expect(() => labelSmoothingCrossentropy(smoothing)).toThrow(/label smoothing/);
  });
});
