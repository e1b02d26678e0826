import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import { buildReferenceCnn } from '@scenarios/core/models';
import { saveModelDir } from '@scenarios/core/persistence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClassifier } from './classifier.js';
import { preprocessingFor } from './model.js';
import { savedClassifier, TEST_LABELS } from './test-support/classifier.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-classifier-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadClassifier', () => {
  it('loads the model with its labels and preprocessing', async () => {
    const before = tf.memory().numTensors;
    const classifier = await savedClassifier(join(dir, 'm'));
    expect(classifier.labels).toEqual(TEST_LABELS);
    expect(classifier.preprocessing).toEqual(preprocessingFor([28, 28, 1]));
    expect(classifier.manifest.model).toEqual({ name: 'test-cnn', version: '7' });
    classifier.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses changed weights, another scenario and a missing directory', async () => {
    const good = await savedClassifier(join(dir, 'm'));
    good.model.dispose();
    await appendFile(join(dir, 'm', 'weights.bin'), Buffer.from([0]));
    await expect(loadClassifier(join(dir, 'm'))).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });

    const model = buildReferenceCnn();
    await saveModelDir(join(dir, 'other'), {
      model,
      manifest: { scenario: 'text-classification', model: { name: 'x', version: '1' }, labels: TEST_LABELS },
    });
    model.dispose();
    await expect(loadClassifier(join(dir, 'other'))).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(loadClassifier(join(dir, 'none'))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('refuses a manifest whose labels do not match the outputs, freeing the model', async () => {
    const model = buildReferenceCnn();
    await saveModelDir(join(dir, 'few'), {
      model,
      manifest: {
        scenario: 'image-classification',
        model: { name: 'x', version: '1' },
        labels: ['a', 'b'],
        preprocessing: { ...preprocessingFor([28, 28, 1]) },
      },
    });
    model.dispose();
    const before = tf.memory().numTensors;
    await expect(loadClassifier(join(dir, 'few'))).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('2 labels for 10 outputs'),
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
