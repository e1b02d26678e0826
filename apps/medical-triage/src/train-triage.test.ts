import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate-model.js';
import { writeSyntheticMedmnist } from './test-support/medmnist-files.js';
import { trainTriage } from './train-triage.js';
import { TRIAGE_CONFIG_FILE } from './triage/triage-config.js';
import { loadTriageModel } from './triage-model.js';

describe('trainTriage', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'train-triage-'));
    data = join(dir, 'pneumoniamnist.npz');
    // Imbalanced like the real set: one negative in five training images.
    await writeSyntheticMedmnist(data, {
      train: { count: 160, label: (i) => [i % 5 === 0 ? 0 : 1] },
      val: { count: 60 },
      test: { count: 60 },
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains, calibrates, chooses operating points and saves a model directory that loads and evaluates', async () => {
    const numTensors = tf.memory().numTensors;
    const out = join(dir, 'model');
    const result = await trainTriage({ data, out, epochs: 3, batchSize: 32, widths: [4, 8], seed: 3 });
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(result.validationAucs).toHaveLength(3);
    expect(result.validationAucs[result.bestEpoch]).toBe(Math.max(...result.validationAucs));
    // The blob is easy: the best epoch ranks validation studies well.
    expect(Math.max(...result.validationAucs)).toBeGreaterThan(0.9);
    const { config, metrics } = result;
    expect(config.calibration.temperature).toBeGreaterThan(0);
    expect(config.calibration.nll_after).toBeLessThanOrEqual(config.calibration.nll_before + 1e-9);
    expect(config.operating_points.routine).toBeLessThanOrEqual(config.operating_points.urgent);
    expect(metrics.n).toBe(60);
    expect(metrics.priorities.urgent + metrics.priorities.review + metrics.priorities.routine).toBe(60);

    const saved = JSON.parse(await readFile(join(out, TRIAGE_CONFIG_FILE), 'utf8'));
    expect(saved).toEqual(config);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      scenario: 'medical-triage',
      model: { name: 'pneumoniamnist-triage' },
      labels: ['normal', 'pneumonia'],
      preprocessing: { kind: 'image', height: 28, width: 28, channels: 1, resize: 'cover' },
      training: { seed: 3, config: { sampling: 'class-balanced', positive_class: 1, epochs: 3 } },
    });
    expect(Object.keys(manifest.files)).toContain(TRIAGE_CONFIG_FILE);

    const loaded = await loadTriageModel(out);
    expect(loaded.config).toEqual(config);
    loaded.model.dispose();
    const evaluation = await evaluateModel({ model: out, data, split: 'test' });
    expect(evaluation).toMatchObject({ scenario: 'medical-triage', dataset: 'pneumoniamnist', split: 'test', n: 60 });
    expect(evaluation.metrics.roc_auc).toBeCloseTo(metrics.roc_auc, 6);
    // The saved weights are those of the best validation epoch, not the last.
    const validation = await evaluateModel({ model: out, data, split: 'val' });
    expect(validation.metrics.roc_auc).toBeCloseTo(Math.max(...result.validationAucs), 6);
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  it('refuses to overwrite without being told, and a split with one class', async () => {
    await expect(trainTriage({ data, out: dir, epochs: 1 })).rejects.toThrow(/already exists/);
    const oneClass = join(dir, 'one-class.npz');
    await writeSyntheticMedmnist(oneClass, {
      train: { count: 8, label: () => [1] },
      val: { count: 4 },
      test: { count: 4 },
    });
    await expect(trainTriage({ data: oneClass, out: join(dir, 'x'), epochs: 1 })).rejects.toThrow(
      /train split needs both classes/,
    );
  });
});
