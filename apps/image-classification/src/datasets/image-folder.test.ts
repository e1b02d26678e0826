import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_COLOURS, writeImageFolder } from '../test-support/images.js';
import { recordingLogger } from '../test-support/recording-logger.js';
import { loadImageFolder } from './image-folder.js';

const shape = { height: 5, width: 6, channels: 3 } as const;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-folder-'));
  await writeImageFolder(dir, 10);
  await writeFile(join(dir, 'red', 'notes.txt'), 'not an image, and not named like one');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadImageFolder', () => {
  it('reads every image with labels from the sorted folder names, resized to the shape', async () => {
    const data = await loadImageFolder({ dir, shape });
    expect(data.classNames).toEqual(['blue', 'green', 'red']);
    expect(data.format).toBe('folder');
    expect(data.inputShape).toEqual([5, 6, 3]);
    expect(data.dataset.size).toBe(30);
    expect(Array.from(data.dataset.labels?.() ?? [])).toEqual([
      ...Array(10).fill(0),
      ...Array(10).fill(1),
      ...Array(10).fill(2),
    ]);
    expect(data.files).toHaveLength(30);
    expect(data.skipped).toEqual([]);

    // The first red image is a lossless PNG of CLASS_COLOURS.red: its first pixel, scaled by 1/255.
    const before = tf.memory().numTensors;
    const [batch] = [...data.dataset.subset([20]).batches({ batchSize: 1 })];
    const first = Array.from((await batch?.xs.data()) ?? []).slice(0, 3);
    expect(first.map((v) => Math.round(v * 255))).toEqual(CLASS_COLOURS.red);
    tf.dispose([batch?.xs, batch?.ys].filter((t) => t !== undefined));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('splits each class by seed: disjoint parts, same seed same part, another seed another', async () => {
    const part = async (split: 'train' | 'validation', seed: number) =>
      (await loadImageFolder({ dir, shape, split, seed, validationFraction: 0.2 })).files;
    const train = await part('train', 7);
    const validation = await part('validation', 7);
    expect(train).toHaveLength(24);
    expect(validation).toHaveLength(6);
    expect(new Set([...train, ...validation]).size).toBe(30);
    // Stratified: two validation images of each of the three classes.
    for (const name of ['blue', 'green', 'red']) {
      expect(validation.filter((path) => path.includes(`/${name}/`))).toHaveLength(2);
    }
    expect(await part('validation', 7)).toEqual(validation);
    expect(await part('validation', 8)).not.toEqual(validation);
  });

  it('keeps a seeded sample of `limit` images', async () => {
    const a = await loadImageFolder({ dir, shape, limit: 9, seed: 1 });
    expect(a.dataset.size).toBe(9);
    expect((await loadImageFolder({ dir, shape, limit: 9, seed: 1 })).files).toEqual(a.files);
  });

  describe('with a corrupt image', () => {
    let broken: string;
    beforeAll(async () => {
      broken = await mkdtemp(join(tmpdir(), 'ic-broken-'));
      await writeImageFolder(broken, 3);
      await writeFile(join(broken, 'green', 'zz-broken.png'), Buffer.from('this is not a png'));
    });
    afterAll(async () => {
      await rm(broken, { recursive: true, force: true });
    });

    it("'stop' throws DATA_CORRUPT naming the file", async () => {
      await expect(loadImageFolder({ dir: broken, shape })).rejects.toMatchObject({
        code: 'DATA_CORRUPT',
        message: expect.stringContaining(join(broken, 'green', 'zz-broken.png')),
      });
    });

    it("'skip' leaves it out, lists it and warns with its path", async () => {
      const logger = recordingLogger();
      const data = await loadImageFolder({ dir: broken, shape, onCorrupt: 'skip', logger });
      expect(data.dataset.size).toBe(9);
      expect(data.skipped).toEqual([
        { path: join(broken, 'green', 'zz-broken.png'), reason: expect.stringContaining('not a PNG, JPEG or WebP') },
      ]);
      expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
    });
  });

  it('refuses a folder without class sub-folders', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ic-empty-'));
    await expect(loadImageFolder({ dir: empty, shape })).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
    await rm(empty, { recursive: true });
  });
});
