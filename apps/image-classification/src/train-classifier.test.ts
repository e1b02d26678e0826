import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, tf } from '@scenarios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from './classifier.js';
import { writeImageFolder } from './test-support/images.js';
import { trainClassifier } from './train-classifier.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-train-'));
  await writeImageFolder(join(root, 'colours'), 10);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('trainClassifier with the strong recipe', () => {
  it('trains with the cosine schedule and augmentation, saves the recipe in the manifest and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const out = join(root, 'strong');
    const result = await trainClassifier({
      data: join(root, 'colours'),
      out,
      recipe: 'strong',
      epochs: 2,
      batchSize: 8,
      seed: 1,
      validateEachEpoch: true,
      imageShape: { height: 12, width: 12, channels: 3 },
      logger: silentLogger,
    });
    expect(tf.memory().numTensors).toBe(before);
    // Cosine decay over two epochs without warm-up, from 0.003 towards 0.00003: 0.003, then halfway.
    expect(result.history.epochs.map((e) => e.lr)).toEqual([0.003, 0.001515]);
    expect(result.heldOutSplit).toBe('validation');
    // The held-out images were evaluated after each epoch, for the learning curves.
    expect(result.history.epochs.map((e) => Object.keys(e))).toEqual([
      expect.arrayContaining(['val_loss', 'val_accuracy']),
      expect.arrayContaining(['val_loss', 'val_accuracy']),
    ]);
    expect(result.metrics.confusion_matrix.flat().reduce((a, b) => a + b, 0)).toBe(6);
    expect(result.manifest.training?.config).toMatchObject({
      recipe: 'strong',
      architecture: { builder: 'vgg-small', dropout: 0.2 },
      schedule: { kind: 'cosine', warmup_epochs: 0 },
      augmentation: ['translate', 'horizontal_flip'],
      train_examples: 24,
      history: [expect.objectContaining({ epoch: 0, lr: 0.003 }), expect.objectContaining({ epoch: 1, lr: 0.001515 })],
    });
    const classifier = await loadClassifier(out);
    expect(classifier.model.layers.some((layer) => layer.getClassName() === 'BatchNormalization')).toBe(true);
    classifier.model.dispose();
  });

  it('refuses an existing output directory before training', async () => {
    await expect(
      trainClassifier({ data: join(root, 'colours'), out: root, logger: silentLogger }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('already exists') });
  });
});
