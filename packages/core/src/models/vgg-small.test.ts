import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { buildVggSmall } from './vgg-small.js';

describe('buildVggSmall', () => {
  it('counts the parameters of a tiny configuration as worked out by hand', () => {
    const model = buildVggSmall({
      inputShape: [8, 8, 1],
      numClasses: 3,
      widths: [4, 8],
      convsPerStage: 1,
      denseUnits: 16,
    });
    // stage 1: conv 3*3*1*4 = 36, bn 4*4 = 16; pool 8 -> 4        ->  52
    // stage 2: conv 3*3*4*8 = 288, bn 8*4 = 32; pool 4 -> 2        -> 320
    // dense 2*2*8*16 = 512 (no bias), bn 16*4 = 64; output 16*3 + 3 -> 627
    expect(model.countParams()).toBe(52 + 320 + 627);
    expect(model.getLayer('stage2_pool').outputShape).toEqual([null, 2, 2, 8]);
    model.dispose();
  });

  it('stacks the convolutions of each stage, with dropout around the dense layer when asked', () => {
    const model = buildVggSmall({
      inputShape: [16, 16, 3],
      widths: [4, 8, 8],
      convsPerStage: [2, 1, 1],
      dropout: 0.25,
    });
    const names = model.layers.map((layer) => layer.name);
    expect(names.filter((name) => name.endsWith('_conv1') || name.endsWith('_conv2'))).toEqual([
      'stage1_conv1',
      'stage1_conv2',
      'stage2_conv1',
      'stage3_conv1',
    ]);
    expect(names.filter((name) => name.startsWith('dropout'))).toEqual(['dropout_1', 'dropout_2']);
    expect(model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization')).toHaveLength(5);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('builds the same weights from the same seed', () => {
    const weights = (seed: number) => {
      const model = buildVggSmall({ inputShape: [8, 8, 1], widths: [4], convsPerStage: 1, denseUnits: 4, seed });
      const values = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });

  it('trains a step without leaking tensors', () => {
    const model = buildVggSmall({
      inputShape: [8, 8, 2],
      numClasses: 4,
      widths: [4, 8],
      convsPerStage: 1,
      denseUnits: 8,
    });
    const optimizer = tf.train.adam(0.01);
    const xs = tf.randomUniform([6, 8, 8, 2], 0, 1, 'float32', 5);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4);
    const step = () =>
      optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor),
        true,
      );
    step()?.dispose();
    const before = tf.memory().numTensors;
    const losses = [1, 2, 3, 4, 5].map(() => {
      const loss = step() as tf.Scalar;
      const value = loss.dataSync()[0] as number;
      loss.dispose();
      return value;
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.at(-1)).toBeLessThan(losses[0] as number);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  });

  it.each([
    [{ inputShape: [4, 4, 1] }, /at least 8x8/],
    [{ widths: [] }, /at least one stage/],
    [{ convsPerStage: [1, 2] }, /convsPerStage has 2 entries/],
    [{ denseUnits: 0 }, /denseUnits/],
    [{ dropout: 1 }, /dropout/],
    [{ batchNormMomentum: 1 }, /batchNormMomentum/],
  ])('refuses %j', (options, message) => {
    expect(() => buildVggSmall(options)).toThrow(message);
  });
});
