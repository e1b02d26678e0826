import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { buildResnetSmall } from './resnet-small.js';

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('buildResnetSmall', () => {
  it('counts the parameters of a tiny configuration as worked out by hand', () => {
    const model = buildResnetSmall({ inputShape: [8, 8, 1], numClasses: 3, widths: [4, 8], blocksPerStage: 1 });
    // stem: conv 3*3*1*4 = 36, bn 4*4 = 16                                          ->   52
    // stage 1 (4 -> 4, stride 1, identity): 2 x (conv 3*3*4*4 = 144 + bn 16)           ->  320
    // stage 2 (4 -> 8, stride 2): conv 288 + bn 32, conv 576 + bn 32, 1x1 shortcut 32 + bn 32 -> 992
    // dense 8*3 + 3                                                                    ->   27
    expect(model.countParams()).toBe(52 + 320 + 992 + 27);
    // Moving mean and variance are not trained: 2 * (4 + 4 + 4 + 8 + 8 + 8) = 72.
    const trainable = model.trainableWeights.reduce((n, w) => n + sizeOf(w.shape as number[]), 0);
    expect(trainable).toBe(1391 - 72);
    model.dispose();
  });

  it('projects the shortcut only where a block changes stride or width', () => {
    const model = buildResnetSmall({ inputShape: [16, 16, 1], widths: [4, 8, 8], blocksPerStage: [1, 2, 1] });
    const shortcuts = model.layers.map((layer) => layer.name).filter((name) => name.endsWith('_shortcut_conv'));
    expect(shortcuts).toEqual(['stage2_block1_shortcut_conv', 'stage3_block1_shortcut_conv']);
    // 16 -> 16 -> 8 -> 4 before global pooling.
    expect(model.getLayer('stage3_block1_out').outputShape).toEqual([null, 4, 4, 8]);
    model.dispose();
  });

  it('builds 3 stages of 2 blocks (16, 32, 64 channels) by default with 176090 parameters', () => {
    const model = buildResnetSmall();
    // stem 144+64; stage1 2*2*(2304+64); stage2 (4608+128)+(9216+128)+(512+128)+2*(9216+128);
    // stage3 (18432+256)+(36864+256)+(2048+256)+2*(36864+256); dense 64*10+10
    expect(model.countParams()).toBe(208 + 9472 + 33408 + 132352 + 650);
    expect(model.getLayer('stage3_block2_out').outputShape).toEqual([null, 7, 7, 64]);
    model.dispose();
  });

  it('runs forward passes in inference and training mode without leaking tensors', () => {
    const model = buildResnetSmall({ inputShape: [8, 8, 2], numClasses: 5, widths: [4, 8], blocksPerStage: 1 });
    const before = tf.memory().numTensors;
    const movingMean = model.getLayer('stem_bn').getWeights()[2] as tf.Tensor;
    const meanBefore = Array.from(movingMean.dataSync());
    tf.tidy(() => {
      const images = tf.randomUniform([4, 8, 8, 2], 0, 1, 'float32', 3);
      const inference = model.predict(images) as tf.Tensor;
      expect(inference.shape).toEqual([4, 5]);
      for (const sum of inference.sum(1).arraySync() as number[]) expect(sum).toBeCloseTo(1, 5);
      const training = model.apply(images, { training: true }) as tf.Tensor;
      expect(training.shape).toEqual([4, 5]);
    });
    expect(tf.memory().numTensors).toBe(before);
    // Training mode moves batch norm's moving statistics; inference mode does not.
    const meanAfter = Array.from((model.getLayer('stem_bn').getWeights()[2] as tf.Tensor).dataSync());
    expect(meanAfter).not.toEqual(meanBefore);
    model.dispose();
  });

  it.each([
    [{ inputShape: [28, 28] }, /needs an input shape \[height, width, channels\]/],
    [{ widths: [] }, /widths must name at least one stage/],
    [{ widths: [8, 0] }, /widths\[1\] must be a positive integer/],
    [{ blocksPerStage: [1, 1] }, /blocksPerStage has 2 entries but widths has 3 stages/],
    [{ blocksPerStage: 0 }, /blocksPerStage\[0\] must be a positive integer/],
  ])('rejects %o with INVALID_ARGUMENT', (options, message) => {
    expect(() => buildResnetSmall(options)).toThrow(ScenarioError);
    expect(() => buildResnetSmall(options)).toThrow(message);
  });
});
