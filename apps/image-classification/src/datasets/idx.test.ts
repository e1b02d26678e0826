import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIdx } from '@scenarios/core/data';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadIdx, MNIST_CLASSES } from './idx.js';
import { detectFormat } from './load-image-data.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-idx-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes 3 images of 4x5 (pixel value = image * 10 + row) with the given labels. */
async function writeIdx(dir: string, options: { gzip: boolean; labels: number[]; prefix?: string }) {
  await mkdir(dir, { recursive: true });
  const n = options.labels.length;
  const pixels = new Uint8Array(n * 20);
  for (let i = 0; i < n; i++) for (let p = 0; p < 20; p++) pixels[i * 20 + p] = i * 10 + Math.floor(p / 5);
  const ext = options.gzip ? '.gz' : '';
  const prefix = options.prefix ?? 'train';
  await writeFile(
    join(dir, `${prefix}-images-idx3-ubyte${ext}`),
    encodeIdx({ data: pixels, shape: [n, 4, 5], dtype: 'uint8' }, options),
  );
  await writeFile(
    join(dir, `${prefix}-labels-idx1-ubyte${ext}`),
    encodeIdx({ data: Uint8Array.from(options.labels), shape: [n], dtype: 'uint8' }, options),
  );
}

describe('loadIdx', () => {
  it('reads gzip IDX files as MNIST digits, with the image shape from the header', async () => {
    const dir = join(root, 'mnist');
    await writeIdx(dir, { gzip: true, labels: [7, 0, 3] });
    expect(await detectFormat(dir)).toBe('idx');
    const data = await loadIdx({ dir, split: 'train' });
    expect(data.name).toBe('mnist');
    expect(data.classNames).toEqual(MNIST_CLASSES);
    expect(data.horizontalFlip).toBe(false);
    expect(data.inputShape).toEqual([4, 5, 1]);
    expect(Array.from(data.dataset.labels?.() ?? [])).toEqual([7, 0, 3]);
    expect((await loadIdx({ dir, split: 'train', limit: 2 })).dataset.size).toBe(2);
  });

  it('reads raw IDX files in a fashion directory with the Fashion-MNIST class names', async () => {
    const dir = join(root, 'my-fashion');
    await writeIdx(dir, { gzip: false, labels: [9, 1, 1], prefix: 't10k' });
    const data = await loadIdx({ dir, split: 'test' });
    expect(data.name).toBe('fashion-mnist');
    expect(data.classNames[9]).toBe('Ankle boot');
    expect(data.horizontalFlip).toBe(true);
  });

  it('stops with DATA_CORRUPT naming a damaged file, and DATA_NOT_FOUND naming a missing one', async () => {
    const dir = join(root, 'broken');
    await writeIdx(dir, { gzip: false, labels: [1, 2, 3] });
    await writeFile(join(dir, 'train-images-idx3-ubyte'), Buffer.from([0, 0, 8, 3, 0, 0]));
    await expect(loadIdx({ dir, split: 'train', onCorrupt: 'skip' })).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining(join(dir, 'train-images-idx3-ubyte')),
    });
    await expect(loadIdx({ dir, split: 'test' })).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: expect.stringContaining('t10k-images-idx3-ubyte'),
    });
  });

  it('refuses labels that name no class', async () => {
    const dir = join(root, 'digits');
    await writeIdx(dir, { gzip: false, labels: [1, 12, 3] });
    await expect(loadIdx({ dir, split: 'train' })).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
  });
});

// The real files: $SCENARIOS_DATA_DIR/fashion-mnist, else the shared data beside the repository.
const repoRoot = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
const realDir = join(process.env.SCENARIOS_DATA_DIR ?? join(repoRoot, '..', 'shared', 'data'), 'fashion-mnist');

describe.skipIf(!existsSync(join(realDir, 't10k-labels-idx1-ubyte.gz')))('the real Fashion-MNIST files', () => {
  it('give the published first labels of both splits', async () => {
    const train = await loadIdx({ dir: realDir, split: 'train', limit: 10 });
    const test = await loadIdx({ dir: realDir, split: 'test', limit: 10 });
    expect(train.inputShape).toEqual([28, 28, 1]);
    expect(Array.from(train.dataset.labels?.() ?? [])).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(test.dataset.labels?.() ?? [])).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(train.classNames[9]).toBe('Ankle boot');
  });
});
