import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { buildReferenceCnn } from './reference-cnn.js';

describe('buildReferenceCnn', () => {
  it("has exactly PyTorch's parameter count: 320 + 18496 + 36928 + 36928 + 650 = 93322", () => {
    const model = buildReferenceCnn();
    expect(model.countParams()).toBe(93322);
    // conv 3*3*1*32+32, pool, conv 3*3*32*64+64, pool, conv 3*3*64*64+64, flatten, dense 576*64+64, dense 64*10+10
    expect(model.layers.map((layer) => layer.countParams())).toEqual([320, 0, 18496, 0, 36928, 0, 36928, 650]);
    model.dispose();
  });

  it("keeps PyTorch's 'valid' padding: 28 -> 26 -> 13 -> 11 -> 5 -> 3", () => {
    const model = buildReferenceCnn();
    expect(model.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 26, 26, 32],
      [null, 13, 13, 32],
      [null, 11, 11, 64],
      [null, 5, 5, 64],
      [null, 3, 3, 64],
      [null, 576],
      [null, 64],
      [null, 10],
    ]);
    model.dispose();
  });

  it('runs a forward pass to one probability row per image without leaking tensors', () => {
    const model = buildReferenceCnn();
    const before = tf.memory().numTensors;
    const rowSums = tf.tidy(() => {
      const images = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1);
      const probabilities = model.predict(images) as tf.Tensor;
      expect(probabilities.shape).toEqual([3, 10]);
      return probabilities.sum(1).arraySync() as number[];
    });
    for (const sum of rowSums) expect(sum).toBeCloseTo(1, 5);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('accepts other input sizes and class counts down to 18x18', () => {
    const model = buildReferenceCnn({ inputShape: [18, 22, 3], numClasses: 4 });
    expect(model.outputShape).toEqual([null, 4]);
    // Height 18 -> 16 -> 8 -> 6 -> 3 -> 1, width 22 -> 20 -> 10 -> 8 -> 4 -> 2: 1x2x64 = 128 features.
    expect(model.getLayer('dense_1').countParams()).toBe(128 * 64 + 64);
    model.dispose();
  });

  it.each([[[17, 28, 1]], [[28, 28]], [[28, 28, 1, 1]]])(
    'rejects input shape %j with INVALID_ARGUMENT',
    (inputShape) => {
      expect(() => buildReferenceCnn({ inputShape })).toThrow(ScenarioError);
      expect(() => buildReferenceCnn({ inputShape })).toThrow(/at least 18x18/);
    },
  );
});
