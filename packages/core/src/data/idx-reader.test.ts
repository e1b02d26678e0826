import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import type { IdxDtype } from './idx-format.js';
import { decodeIdx, readIdxFile } from './idx-reader.js';
import { encodeIdx } from './idx-writer.js';
import type { NumericArray } from './nd-array.js';

const expectCorrupt = (run: () => unknown, message: RegExp) => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ScenarioError);
  expect((thrown as ScenarioError).code).toBe('DATA_CORRUPT');
  expect((thrown as ScenarioError).message).toMatch(message);
};

describe('decodeIdx', () => {
  it('reads MNIST-style bytes written out by hand', () => {
    // Magic 00 00 08 02 (uint8, 2 dims), dims 2 and 3 big-endian, then 6 pixels.
    const bytes = Uint8Array.of(0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 253, 254, 255);
    expect(decodeIdx(bytes)).toEqual({ data: Uint8Array.of(0, 1, 2, 253, 254, 255), shape: [2, 3], dtype: 'uint8' });
    expect(encodeIdx({ data: Uint8Array.of(0, 1, 2, 253, 254, 255), shape: [2, 3], dtype: 'uint8' })).toEqual(bytes);
    // The same file gzip-compressed is detected by its 1f 8b magic.
    expect(decodeIdx(gzipSync(bytes)).data).toEqual(Uint8Array.of(0, 1, 2, 253, 254, 255));
  });

  it('reads big-endian multi-byte types', () => {
    const int16 = Uint8Array.of(0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe);
    expect(decodeIdx(int16)).toEqual({ data: Int16Array.of(258, -2), shape: [2], dtype: 'int16' });
    const float32 = Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0);
    expect(decodeIdx(float32)).toEqual({ data: Float32Array.of(1, -2), shape: [2], dtype: 'float32' });
    expect(encodeIdx({ data: Int16Array.of(258, -2), shape: [2], dtype: 'int16' })).toEqual(int16);
  });

  const samples: Array<[IdxDtype, NumericArray]> = [
    ['uint8', Uint8Array.of(0, 7, 255, 128, 1, 2)],
    ['int8', Int8Array.of(-128, -1, 0, 1, 127, 5)],
    ['int16', Int16Array.of(-32768, -1, 0, 1, 32767, 258)],
    ['int32', Int32Array.of(-(2 ** 31), -1, 0, 1, 2 ** 31 - 1, 16909060)],
    ['float32', Float32Array.of(-1.5, 0, 1e-7, 3.25, Number.POSITIVE_INFINITY, 65504)],
    ['float64', Float64Array.of(-1.5, 0, 1e-300, Math.PI, Number.NEGATIVE_INFINITY, 2 ** 60)],
  ];
  it.each(samples)('round-trips %s raw and gzipped', (dtype, data) => {
    for (const gzip of [false, true]) {
      const bytes = encodeIdx({ data, shape: [2, 3], dtype }, { gzip });
      expect(bytes[0] === 0x1f).toBe(gzip);
      expect(decodeIdx(bytes)).toEqual({ data, shape: [2, 3], dtype });
    }
  });

  it('rejects a bad header or a size that does not match it, naming the source', () => {
    const good = encodeIdx({ data: Uint8Array.of(1, 2, 3, 4), shape: [2, 2], dtype: 'uint8' });
    const badMagic = good.slice();
    badMagic[0] = 1;
    expectCorrupt(() => decodeIdx(badMagic, { source: 'f.idx' }), /^f\.idx: .*two zero bytes/);
    const badType = good.slice();
    badType[2] = 0x0a;
    expectCorrupt(() => decodeIdx(badType, { source: 'f.idx' }), /unknown type byte 0xa/);
    expectCorrupt(() => decodeIdx(good.subarray(0, 10)), /declares 2 dimensions but the file has 10 bytes/);
    expectCorrupt(
      () => decodeIdx(good.subarray(0, good.length - 1)),
      /shape \[2, 2\] of uint8 \(16 bytes\), file has 15 bytes/,
    );
    expectCorrupt(() => decodeIdx(Uint8Array.of(...good, 0)), /file has 17 bytes/);
    expectCorrupt(() => decodeIdx(Uint8Array.of(0, 0)), /only 2 bytes/);
    expectCorrupt(() => decodeIdx(Uint8Array.of(0x1f, 0x8b, 1, 2, 3), { source: 'f.gz' }), /^f\.gz: invalid gzip/);
  });
});

describe('readIdxFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'idx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads raw and gzip files whatever their names', async () => {
    const array = { data: Int32Array.of(5, -6, 7), shape: [3], dtype: 'int32' } as const;
    await writeFile(join(dir, 'raw-idx1-ubyte'), encodeIdx(array));
    await writeFile(join(dir, 'packed'), encodeIdx(array, { gzip: true }));
    expect(await readIdxFile(join(dir, 'raw-idx1-ubyte'))).toEqual({ ...array, shape: [3] });
    expect(await readIdxFile(join(dir, 'packed'))).toEqual({ ...array, shape: [3] });
  });

  it('names the path in DATA_NOT_FOUND and DATA_CORRUPT errors', async () => {
    const missing = join(dir, 'missing.gz');
    await expect(readIdxFile(missing)).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: `data file not found: ${missing}`,
    });
    const truncated = join(dir, 'truncated.gz');
    const bytes = encodeIdx({ data: new Uint8Array(784), shape: [1, 28, 28], dtype: 'uint8' });
    await writeFile(truncated, gzipSync(bytes.subarray(0, 500)));
    await expect(readIdxFile(truncated)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining(truncated),
    });
    await expect(readIdxFile(dir)).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: `${dir} is a directory, expected a data file`,
    });
  });
});
