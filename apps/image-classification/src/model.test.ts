import { tf } from '@scenarios/core';
import type { LearningRateScheduler, LossFunction } from '@scenarios/core/training';
import { describe, expect, it } from 'vitest';
import { buildRecipe, parsePreprocessing, preprocessingFor, RECIPE_DEFAULTS, strongAugmentation } from './model.js';
import { topK } from './top-k.js';

describe('preprocessing', () => {
  it('describes a grayscale or RGB input and reads back from a manifest', () => {
    const gray = preprocessingFor([28, 28, 1]);
    expect(gray).toMatchObject({
      kind: 'image',
      height: 28,
      width: 28,
      channels: 1,
      color: 'grayscale',
      scale: 1 / 255,
    });
    expect(parsePreprocessing(JSON.parse(JSON.stringify(gray)))).toEqual(gray);
    expect(preprocessingFor([32, 32, 3]).color).toBe('rgb');
    expect(() => preprocessingFor([28, 28, 2])).toThrow(/1 or 3/);
    expect(() => parsePreprocessing({ kind: 'text' })).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
  });
});

describe('recipes', () => {
  it('reference-cnn is core reference CNN with Adam from 0.001 along a cosine to 0, and no augmentation', () => {
    const recipe = buildRecipe('reference-cnn', { inputShape: [28, 28, 1], numClasses: 10, epochs: 5 });
    expect(recipe.model.countParams()).toBe(93322);
    expect(recipe.training).toMatchObject({ optimizer: 'adam', learningRate: 0.001 });
    expect(recipe.training.augment).toBeUndefined();
    const [scheduler] = recipe.training.callbacks ?? [];
    // (1 + cos(pi * e / 5)) / 2 * 0.001 for epochs 0..4.
    expect([0, 1, 2, 3, 4].map((e) => (scheduler as LearningRateScheduler).schedule(e))).toEqual([
      0.001,
      expect.closeTo(0.00090451, 8),
      expect.closeTo(0.00065451, 8),
      expect.closeTo(0.00034549, 8),
      expect.closeTo(0.00009549, 8),
    ]);
    expect(recipe.config).toMatchObject({ schedule: { kind: 'cosine', warmup_epochs: 0 }, augmentation: [] });
    recipe.model.dispose();
  });

  it('strong is a VGG-style network with batch norm and dropout, a cosine schedule, smoothing and augmentation', () => {
    const recipe = buildRecipe('strong', { inputShape: [28, 28, 1], numClasses: 10, epochs: 5, horizontalFlip: true });
    const kinds = recipe.model.layers.map((layer) => layer.getClassName());
    expect(kinds.filter((kind) => kind === 'Conv2D')).toHaveLength(3);
    expect(kinds.filter((kind) => kind === 'BatchNormalization')).toHaveLength(4);
    expect(kinds).not.toContain('Add');
    // 3 convs (288 + 18432 + 73728), 4 batch norms (4 x (32 + 64 + 128 + 256)), dense 1152*256, output 2570.
    expect(recipe.model.countParams()).toBe(288 + 18432 + 73728 + 4 * 480 + 294912 + 2570);
    expect(recipe.training.callbacks).toHaveLength(1);
    expect(recipe.training).toMatchObject({ optimizer: 'adam', learningRate: 0.003 });
    expect(recipe.config).toMatchObject({
      architecture: { builder: 'vgg-small', widths: [32, 64, 128], convsPerStage: [1, 1, 1], dropout: 0.2 },
      schedule: { kind: 'cosine', warmup_epochs: 1, minimum: 0.00003 },
      loss: { kind: 'label_smoothing_crossentropy', smoothing: 0.1 },
      augmentation: ['translate', 'horizontal_flip'],
      max_shift: 1,
    });
    // Label smoothing 0.1 over 10 classes: a certain, right answer still costs -0.01 * 9 * ln(1e-7) - 0.91 * ln(1 - 1e-7).
    const smoothed = recipe.training.loss as LossFunction;
    const loss = tf.tidy(
      () => smoothed(tf.tensor1d([3]), tf.oneHot(tf.tensor1d([3], 'int32'), 10).toFloat()).dataSync()[0],
    );
    expect(loss).toBeCloseTo(-0.09 * Math.log(1e-7), 3);
    const digits = buildRecipe('strong', { inputShape: [28, 28, 1], numClasses: 10, epochs: 1 });
    expect(digits.config.augmentation).toEqual(['translate']);
    expect(RECIPE_DEFAULTS).toEqual({
      'reference-cnn': { epochs: 5, batchSize: 32 },
      strong: { epochs: 12, batchSize: 128 },
    });
    recipe.model.dispose();
    digits.model.dispose();
  });

  it('augmentation keeps the shape, repeats with the seed and leaks nothing', () => {
    const augment = strongAugmentation({ maxShift: 2, flip: true });
    const xs = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const run = (seed: number) => tf.tidy(() => augment(xs, { epoch: 0, batch: 0, seed }));
    const [a, b, c] = [run(3), run(3), run(4)];
    expect(a.shape).toEqual([4, 8, 8, 1]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(xs.dataSync()));
    tf.dispose([a, b, c]);
    expect(tf.memory().numTensors).toBe(before);
    xs.dispose();
  });
});

describe('topK', () => {
  it('orders labels by probability, ties in label order, capped at the label count', () => {
    expect(topK([0.1, 0.7, 0.2], ['cat', 'dog', 'bird'], 2)).toEqual([
      { label: 'dog', probability: 0.7 },
      { label: 'bird', probability: 0.2 },
    ]);
    expect(topK([0.5, 0.5], ['a', 'b'], 5).map((s) => s.label)).toEqual(['a', 'b']);
    expect(() => topK([1], ['a'], 0)).toThrow(/top_k/);
  });
});
