import { tf } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { buildRecipe, parsePreprocessing, preprocessingFor, strongAugmentation } from './model.js';
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
  it('reference-cnn is core reference CNN with Adam at 0.001 and no augmentation', () => {
    const recipe = buildRecipe('reference-cnn', { inputShape: [28, 28, 1], numClasses: 10, epochs: 1 });
    expect(recipe.model.countParams()).toBe(93322);
    expect(recipe.training).toEqual({ optimizer: 'adam', learningRate: 0.001 });
    recipe.model.dispose();
  });

  it('strong is a residual network with batch norm and dropout, a cosine schedule and augmentation', () => {
    const recipe = buildRecipe('strong', { inputShape: [28, 28, 1], numClasses: 10, epochs: 5, horizontalFlip: true });
    const kinds = new Set(recipe.model.layers.map((layer) => layer.getClassName()));
    expect([...kinds]).toEqual(expect.arrayContaining(['BatchNormalization', 'Dropout', 'Add', 'Conv2D']));
    expect(recipe.training.callbacks).toHaveLength(1);
    expect(recipe.config).toMatchObject({
      schedule: { kind: 'cosine', warmup_epochs: 1 },
      augmentation: ['translate', 'horizontal_flip', 'random_erasing'],
      max_shift: 2,
    });
    expect(buildRecipe('strong', { inputShape: [28, 28, 1], numClasses: 10, epochs: 1 }).config.augmentation).toEqual([
      'translate',
      'random_erasing',
    ]);
    recipe.model.dispose();
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
