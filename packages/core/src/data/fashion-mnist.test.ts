import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../tf.js';
import type { Batch } from './dataset.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_SAMPLE_DIR, loadFashionMnist } from './fashion-mnist.js';
import { decodeIdx } from './idx-reader.js';
import { encodeIdx } from './idx-writer.js';
import { recordingLogger } from './test-support/recording-logger.js';
import { serveFiles } from './test-support/static-server.js';

// The full data set, where SCENARIOS_DATA_DIR provides it (CI points it at the reference data).
const SHARED = join(process.env.SCENARIOS_DATA_DIR ?? '/nonexistent', 'fashion-mnist');

/** Writes a tiny Fashion-MNIST-format test split: `labels.length` images whose pixels all equal 10 x label. */
async function writeSplit(dir: string, labels: number[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const pixels = Uint8Array.from(
    { length: labels.length * 784 },
    (_, i) => 10 * (labels[Math.floor(i / 784)] as number),
  );
  await writeFile(
    join(dir, 't10k-images-idx3-ubyte.gz'),
    encodeIdx({ data: pixels, shape: [labels.length, 28, 28], dtype: 'uint8' }, { gzip: true }),
  );
  await writeFile(
    join(dir, 't10k-labels-idx1-ubyte'),
    encodeIdx({ data: Uint8Array.from(labels), shape: [labels.length], dtype: 'uint8' }),
  );
}

let root: string;
/** Options under which nothing is found unless a test puts it there. */
let nowhere: { debianDir: string; allowDownload: false };
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fashion-'));
  vi.stubEnv('SCENARIOS_DATA_DIR', join(root, 'data'));
  vi.stubEnv('SCENARIOS_CACHE_DIR', join(root, 'cache'));
  nowhere = { debianDir: join(root, 'debian'), allowDownload: false };
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe('loadFashionMnist', () => {
  it('falls back to the committed sample, saying so in one line', async () => {
    const { lines, logger } = recordingLogger();
    const train = await loadFashionMnist({ split: 'train', allowSample: true, logger, ...nowhere });
    expect(train).toMatchObject({ split: 'train', source: 'sample', dir: FASHION_MNIST_SAMPLE_DIR });
    expect(train.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect(train.dataset.size).toBe(2000);
    expect(train.dataset.elementSpec).toEqual({
      x: { shape: [28, 28, 1], dtype: 'float32' },
      y: { shape: [], dtype: 'int32' },
    });
    const counts = new Array<number>(10).fill(0);
    for (const label of train.dataset.labels?.() ?? []) counts[label] = (counts[label] as number) + 1;
    expect(counts).toEqual([194, 216, 202, 195, 186, 200, 194, 215, 198, 200]);
    const warnings = lines.filter((line) => line.level !== 'debug');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/using the committed 2,000-image sample.*apt-get install dataset-fashion-mnist/);

    const test = await loadFashionMnist({ split: 'test', allowSample: true, ...nowhere });
    expect(test.dataset.size).toBe(500);
  });

  it('scales pixels to [0, 1] and keeps the first `limit` examples', async () => {
    const before = tf.memory().numTensors;
    const { dataset } = await loadFashionMnist({ split: 'train', allowSample: true, limit: 5, ...nowhere });
    expect(dataset.size).toBe(5);
    // The first training image of Fashion-MNIST is an ankle boot (9), then a T-shirt/top (0).
    expect([...(dataset.labels?.() ?? [])]).toEqual([9, 0, 0, 3, 0]);
    const [{ xs, ys }] = [...dataset.batches({ batchSize: 5 })] as [Batch];
    expect(xs.shape).toEqual([5, 28, 28, 1]);
    expect(ys.dtype).toBe('int32');
    const pixels = xs.dataSync();
    expect(Math.min(...pixels)).toBe(0);
    expect(Math.max(...pixels)).toBeCloseTo(1, 6);
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads an explicit directory, or SCENARIOS_DATA_DIR/fashion-mnist, with .gz or unpacked files', async () => {
    await writeSplit(join(root, 'mine'), [3, 1, 4]);
    const explicit = await loadFashionMnist({ split: 'test', dir: join(root, 'mine'), ...nowhere });
    expect(explicit).toMatchObject({ source: 'explicit', dir: join(root, 'mine') });
    expect(explicit.dataset.labels?.()).toEqual(Int32Array.of(3, 1, 4));
    const [batch] = [...explicit.dataset.subset([2]).batches({ batchSize: 1 })] as [Batch];
    expect(batch.xs.dataSync()[0]).toBeCloseTo(40 / 255, 6);
    tf.dispose([batch.xs, batch.ys]);

    await writeSplit(join(root, 'data', 'fashion-mnist'), [5, 9]);
    const fromEnv = await loadFashionMnist({ split: 'test', ...nowhere });
    expect(fromEnv).toMatchObject({ source: 'env', dir: join(root, 'data', 'fashion-mnist') });
    expect(fromEnv.dataset.size).toBe(2);
  });

  it('says where it looked and how to provide the data when there is none', async () => {
    const error = await loadFashionMnist({ split: 'train', ...nowhere }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATA_NOT_FOUND' });
    const message = (error as Error).message;
    for (const part of [
      join(root, 'data', 'fashion-mnist'),
      join(root, 'cache', 'fashion-mnist'),
      join(root, 'debian'),
      'download from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com: not allowed',
      '--data <dir>',
      'SCENARIOS_DATA_DIR',
      'apt-get install dataset-fashion-mnist',
      'let it download',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('rejects files that are not Fashion-MNIST', async () => {
    await writeSplit(join(root, 'bad'), [1, 10]);
    await expect(loadFashionMnist({ split: 'test', dir: join(root, 'bad') })).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringMatching(/label is outside 0\.\.9/),
    });
    await writeFile(
      join(root, 'bad', 't10k-labels-idx1-ubyte'),
      encodeIdx({ data: Uint8Array.of(1), shape: [1], dtype: 'uint8' }),
    );
    await expect(loadFashionMnist({ split: 'test', dir: join(root, 'bad') })).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringMatching(/labels are uint8 \[1\], expected uint8 \[2\]/),
    });
    await expect(loadFashionMnist({ split: 'test', limit: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a download whose content is not Fashion-MNIST and leaves the cache empty', async () => {
    // A mirror serving the sample's files: valid IDX, but not the published content.
    const names = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
    const files = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => [
          `/fm/${name}`,
          new Uint8Array(await readFile(join(FASHION_MNIST_SAMPLE_DIR, name))),
        ]),
      ),
    );
    const server = await serveFiles(files);
    try {
      await expect(
        loadFashionMnist({
          split: 'test',
          mirror: `${server.url}/fm/`,
          debianDir: join(root, 'debian'),
          allowSample: true,
        }),
      ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(server.requests).toEqual(['/fm/t10k-images-idx3-ubyte.gz']);
      expect(await readdir(join(root, 'cache'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!existsSync(SHARED))(
    'downloads and verifies the real files from a mirror (when the shared copy is present)',
    async () => {
      const names = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
      const files = Object.fromEntries(
        await Promise.all(names.map(async (name) => [`/${name}`, new Uint8Array(await readFile(join(SHARED, name)))])),
      );
      const server = await serveFiles(files);
      try {
        const { source, dir, dataset } = await loadFashionMnist({
          split: 'test',
          mirror: server.url,
          debianDir: join(root, 'debian'),
        });
        expect({ source, dir, size: dataset.size }).toEqual({
          source: 'download',
          dir: join(root, 'cache', 'fashion-mnist'),
          size: 10_000,
        });
        expect((await readdir(dir)).sort()).toEqual(names);
      } finally {
        await server.close();
      }
    },
  );

  it.skipIf(!existsSync(SHARED))('ships a sample equal to the first 2,000 / 500 images of the full set', async () => {
    for (const [name, count] of [
      ['train-images-idx3-ubyte.gz', 2000],
      ['train-labels-idx1-ubyte.gz', 2000],
      ['t10k-images-idx3-ubyte.gz', 500],
      ['t10k-labels-idx1-ubyte.gz', 500],
    ] as const) {
      const sample = decodeIdx(await readFile(join(FASHION_MNIST_SAMPLE_DIR, name)));
      const full = decodeIdx(await readFile(join(SHARED, name)));
      expect(sample.shape).toEqual([count, ...full.shape.slice(1)]);
      const prefix = full.data.subarray(0, sample.data.length) as Uint8Array;
      expect(Buffer.from(sample.data as Uint8Array).equals(Buffer.from(prefix))).toBe(true);
    }
  });
});
