import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES, CIFAR10_RECORD_BYTES, loadCifar10 } from './cifar10.js';

/** One record: the label, then red plane = r + pixel index mod 7, green = g, blue = b. */
function record(label: number, rgb: [number, number, number]): Uint8Array {
  const out = new Uint8Array(CIFAR10_RECORD_BYTES);
  out[0] = label;
  for (let p = 0; p < 1024; p++) {
    out[1 + p] = rgb[0] + (p % 7);
    out[1 + 1024 + p] = rgb[1];
    out[1 + 2048 + p] = rgb[2];
  }
  return out;
}

const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-cifar-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCifar10', () => {
  it('reads records from every training batch in order, CHW turned into HWC', async () => {
    await writeFile(join(dir, 'data_batch_1.bin'), concat(record(3, [10, 20, 30]), record(9, [40, 50, 60])));
    await writeFile(join(dir, 'data_batch_2.bin'), record(0, [70, 80, 90]));
    await writeFile(join(dir, 'test_batch.bin'), record(5, [1, 2, 3]));
    const data = await loadCifar10({ dir, split: 'train' });
    expect(data.classNames).toEqual(CIFAR10_CLASSES);
    expect(data.inputShape).toEqual([32, 32, 3]);
    expect(Array.from(data.dataset.labels?.() ?? [])).toEqual([3, 9, 0]);
    expect(data.files.map((f) => f.slice(dir.length + 1))).toEqual(['data_batch_1.bin', 'data_batch_2.bin']);

    const [batch] = [...data.dataset.batches({ batchSize: 3 })];
    const x = (await batch?.xs.data()) as Float32Array;
    const at = (image: number, pixel: number, channel: number) =>
      Math.round((x[image * 3072 + pixel * 3 + channel] as number) * 255);
    // Pixel 8 of image 0: red 10 + 8 % 7 = 11, green 20, blue 30.
    expect([at(0, 8, 0), at(0, 8, 1), at(0, 8, 2)]).toEqual([11, 20, 30]);
    expect([at(2, 1023, 0), at(2, 1023, 1), at(2, 1023, 2)]).toEqual([70 + (1023 % 7), 80, 90]);
    tf.dispose([batch?.xs, batch?.ys].filter((t) => t !== undefined));

    const test = await loadCifar10({ dir, split: 'test', limit: 1 });
    expect(Array.from(test.dataset.labels?.() ?? [])).toEqual([5]);
  });

  it('names the classes from batches.meta.txt', async () => {
    await writeFile(join(dir, 'test_batch.bin'), record(1, [0, 0, 0]));
    await writeFile(join(dir, 'batches.meta.txt'), 'cat\ndog\n\n');
    expect((await loadCifar10({ dir, split: 'test' })).classNames).toEqual(['cat', 'dog']);
  });

  it('stops on a batch that is not whole records, naming it, or skips it and counts it', async () => {
    await writeFile(join(dir, 'data_batch_1.bin'), record(2, [0, 0, 0]));
    await writeFile(join(dir, 'data_batch_2.bin'), record(4, [0, 0, 0]).subarray(0, 3000));
    await expect(loadCifar10({ dir, split: 'train' })).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining(join(dir, 'data_batch_2.bin')),
    });
    const data = await loadCifar10({ dir, split: 'train', onCorrupt: 'skip' });
    expect(Array.from(data.dataset.labels?.() ?? [])).toEqual([2]);
    expect(data.skipped).toEqual([
      { path: join(dir, 'data_batch_2.bin'), reason: expect.stringContaining('3000 bytes') },
    ]);
  });

  it('skips a record whose label names no class', async () => {
    await writeFile(join(dir, 'test_batch.bin'), concat(record(1, [0, 0, 0]), record(12, [0, 0, 0])));
    const data = await loadCifar10({ dir, split: 'test', onCorrupt: 'skip' });
    expect(data.dataset.size).toBe(1);
    expect(data.skipped[0]?.path).toBe(`${join(dir, 'test_batch.bin')}#1`);
  });

  it('says which file is missing', async () => {
    await expect(loadCifar10({ dir, split: 'test' })).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: expect.stringContaining('test_batch.bin'),
    });
  });
});
