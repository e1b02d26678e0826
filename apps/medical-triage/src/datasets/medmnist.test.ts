import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpz } from '@scenarios/core/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticMedmnist } from '../test-support/medmnist-files.js';
import { loadMedmnist } from './medmnist.js';

const DATA_DIR = process.env.SCENARIOS_DATA_DIR;

describe('loadMedmnist', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medmnist-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a 28x28 grayscale set, with the known names and urgent class of PneumoniaMNIST', async () => {
    const path = join(dir, 'pneumoniamnist.npz');
    await writeSyntheticMedmnist(path, { train: { count: 6 }, val: { count: 4 }, test: { count: 2 } });
    const train = await loadMedmnist(path, { split: 'train' });
    expect(train).toMatchObject({
      dataset: 'pneumoniamnist',
      split: 'train',
      count: 6,
      shape: { height: 28, width: 28, channels: 1 },
      labelNames: ['normal', 'pneumonia'],
      positiveClass: 1,
    });
    expect(Array.from(train.labels)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(train.images).toHaveLength(6 * 28 * 28);
    const limited = await loadMedmnist(dir, { split: 'val', limit: 3 });
    expect([limited.count, limited.images.length, limited.labels.length]).toEqual([3, 3 * 784, 3]);
  });

  it('reads 64x64 RGB images and maps BreastMNIST so that malignant (class 0) is urgent', async () => {
    const path = join(dir, 'breastmnist_64.npz');
    const spec = { count: 4, size: 64, channels: 3 as const };
    await writeSyntheticMedmnist(path, { train: spec, val: spec, test: spec });
    const test = await loadMedmnist(path, { split: 'test' });
    expect(test.shape).toEqual({ height: 64, width: 64, channels: 3 });
    expect(test.images).toHaveLength(4 * 64 * 64 * 3);
    expect(test.labelNames).toEqual(['normal, benign', 'malignant']);
    expect(Array.from(test.labels)).toEqual([1, 0, 1, 0]);
  });

  it('maps a multi-class set by --positive-class and a multi-label set to "any finding"', async () => {
    const multiClass = join(dir, 'organmnist.npz');
    const spec = { count: 6, label: (i: number) => [i % 3] };
    await writeSyntheticMedmnist(multiClass, { train: spec, val: spec, test: spec });
    const organs = await loadMedmnist(multiClass, { split: 'train', positiveClass: 2 });
    expect(Array.from(organs.labels)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(organs.labelNames).toEqual(['not class 2', 'class 2']);
    await expect(loadMedmnist(multiClass, { split: 'train', positiveClass: 7 })).rejects.toThrow(
      /class 7 does not occur in organmnist; its classes are 0, 1, 2/,
    );
    const multiLabel = join(dir, 'chestmnist.npz');
    const chest = {
      count: 3,
      labelColumns: 3,
      label: (i: number) =>
        [
          [0, 0, 0],
          [0, 1, 0],
          [1, 0, 1],
        ][i] as number[],
    };
    await writeSyntheticMedmnist(multiLabel, { train: chest, val: chest, test: chest });
    const findings = await loadMedmnist(multiLabel, { split: 'val' });
    expect(Array.from(findings.labels)).toEqual([0, 1, 1]);
    expect(findings.labelMapping).toBe('any of 3 labels -> 1');
  });

  it('refuses a missing file, a missing split and arrays of the wrong type', async () => {
    await expect(loadMedmnist(join(dir, 'nope.npz'), { split: 'train' })).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
    });
    const partial = join(dir, 'partial.npz');
    await writeFile(
      partial,
      encodeNpz({ train_images: { data: new Uint8Array(4), shape: [1, 2, 2], dtype: 'uint8' } }),
    );
    await expect(loadMedmnist(partial, { split: 'train' })).rejects.toThrow(/no array named train_labels/);
    const floats = join(dir, 'floats.npz');
    await writeFile(
      floats,
      encodeNpz({
        train_images: { data: new Float32Array(4), shape: [1, 2, 2], dtype: 'float32' },
        train_labels: { data: Uint8Array.of(1), shape: [1, 1], dtype: 'uint8' },
      }),
    );
    await expect(loadMedmnist(floats, { split: 'train' })).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
  });

  describe.skipIf(!DATA_DIR)('the real PneumoniaMNIST file', () => {
    it('has the documented splits and class counts', async () => {
      const path = join(DATA_DIR as string, 'medmnist', 'pneumoniamnist.npz');
      const counts = [];
      for (const split of ['train', 'val', 'test'] as const) {
        const images = await loadMedmnist(path, { split });
        counts.push([images.count, images.labels.reduce((s, v) => s + v, 0)]);
      }
      expect(counts).toEqual([
        [3882, 3494],
        [524, 389],
        [624, 390],
      ]);
    });
  });
});
