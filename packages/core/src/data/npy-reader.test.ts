import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { decodeNpy, readNpyFile } from './npy-reader.js';
import { npyBytes, npyHeader } from './test-support/npy-bytes.js';

const npy = (descr: string, shape: number[], data: number[], version?: 1 | 2 | 3) =>
  npyBytes({ header: npyHeader(descr, shape), data, ...(version ? { version } : {}) });

const corruptError = (bytes: Uint8Array, message: RegExp) => {
  let thrown: unknown;
  try {
    decodeNpy(bytes, { source: 'x.npy' });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ScenarioError);
  expect((thrown as ScenarioError).code).toBe('DATA_CORRUPT');
  expect((thrown as ScenarioError).message).toMatch(/^x\.npy: /);
  expect((thrown as ScenarioError).message).toMatch(message);
};

describe('decodeNpy', () => {
  it('reads the bytes numpy writes for np.save(np.array([1.5, -2], dtype="<f4"))', () => {
    // Recorded from numpy 2.4: header padded to 128 bytes, then 00 00 c0 3f | 00 00 00 c0.
    const fromNumpy = Buffer.from(
      '934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c2027' +
        '7368617065273a2028322c292c207d' +
        '20'.repeat(60) +
        '0a0000c03f000000c0',
      'hex',
    );
    expect(npy('<f4', [2], [0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0])).toEqual(new Uint8Array(fromNumpy));
    const array = decodeNpy(fromNumpy);
    expect(array).toEqual({ data: Float32Array.of(1.5, -2), shape: [2], dtype: 'float32' });
  });

  it.each([
    ['|u1', [2, 3], [0, 1, 2, 253, 254, 255], Uint8Array.of(0, 1, 2, 253, 254, 255), 'uint8'],
    ['|i1', [2], [0x80, 0x7f], Int8Array.of(-128, 127), 'int8'],
    ['|b1', [3], [1, 0, 1], Uint8Array.of(1, 0, 1), 'bool'],
    ['<i2', [2], [0xfe, 0xff, 0x02, 0x01], Int16Array.of(-2, 258), 'int16'],
    ['>i2', [2], [0xff, 0xfe, 0x01, 0x02], Int16Array.of(-2, 258), 'int16'],
    ['<u2', [2], [0xff, 0xff, 0x01, 0x00], Uint16Array.of(65535, 1), 'uint16'],
    ['<i4', [2], [0xff, 0xff, 0xff, 0xff, 0x04, 0x03, 0x02, 0x01], Int32Array.of(-1, 0x01020304), 'int32'],
    ['>i4', [2], [0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x04], Int32Array.of(-1, 0x01020304), 'int32'],
    ['<u4', [1], [0xff, 0xff, 0xff, 0xff], Uint32Array.of(4294967295), 'uint32'],
    ['>f4', [2], [0x3f, 0xc0, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00], Float32Array.of(1.5, -2), 'float32'],
    ['=f4', [1], [0x00, 0x00, 0xc0, 0x3f], Float32Array.of(1.5), 'float32'],
    [
      '<i8',
      [3],
      [1, 0, 0, 0, 0, 0, 0, 0, ...new Array(8).fill(0xff), 0, 0, 0, 0, 0, 0xff, 0xff, 0xff],
      Float64Array.of(1, -1, -(2 ** 40)),
      'int64',
    ],
    ['>i8', [1], [0, 0, 0, 0, 0, 0, 0, 1], Float64Array.of(1), 'int64'],
    ['<u8', [1], [0, 0, 0, 0, 1, 0, 0, 0], Float64Array.of(2 ** 32), 'uint64'],
    ['<f8', [2], [0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0, 0xbf], Float64Array.of(1, -0.5), 'float64'],
    ['>f8', [1], [0x3f, 0xf0, 0, 0, 0, 0, 0, 0], Float64Array.of(1), 'float64'],
  ])('reads %s %j', (descr, shape, bytes, expected, dtype) => {
    const array = decodeNpy(npy(descr, shape, bytes));
    expect(array.dtype).toBe(dtype);
    expect(array.shape).toEqual(shape);
    expect(array.data).toEqual(expected);
  });

  it('reads format versions 2 and 3, scalars and empty arrays', () => {
    for (const version of [2, 3] as const) {
      expect(decodeNpy(npy('<f4', [1], [0, 0, 0xc0, 0x3f], version)).data).toEqual(Float32Array.of(1.5));
    }
    expect(decodeNpy(npy('<f4', [], [0, 0, 0xc0, 0x3f]))).toEqual({
      data: Float32Array.of(1.5),
      shape: [],
      dtype: 'float32',
    });
    expect(decodeNpy(npy('<f8', [0, 3], []))).toEqual({ data: new Float64Array(0), shape: [0, 3], dtype: 'float64' });
  });

  it('rejects what is not a supported NPY file with DATA_CORRUPT naming the source', () => {
    corruptError(new Uint8Array([1, 2, 3]), /magic/);
    const badVersion = npy('<f4', [1], [0, 0, 0, 0]);
    badVersion[6] = 4;
    corruptError(badVersion, /version 4/);
    corruptError(
      npyBytes({ header: "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", data: [0, 0, 0, 0] }),
      /fortran_order/,
    );
    corruptError(npy('<c8', [1], new Array(8).fill(0)), /'<c8' is not supported/);
    corruptError(npy('|O', [1], new Array(8).fill(0)), /descr/);
    corruptError(
      npyBytes({ header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0] }),
      /descr/,
    );
    corruptError(npy('<f4', [2], [0, 0, 0xc0, 0x3f]), /needs 8 data bytes, file has 4/);
    corruptError(npy('|u1', [2], [1, 2, 3]), /needs 2 data bytes, file has 3/);
    corruptError(npy('<i8', [1], [0, 0, 0, 0, 0, 0, 0x40, 0]), /does not fit/);
    corruptError(npy('<f4', [2], [0, 0, 0xc0, 0x3f, 0, 0, 0, 0]).subarray(0, 20), /truncated header/);
  });
});

describe('readNpyFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'npy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file and names a missing one in DATA_NOT_FOUND', async () => {
    const path = join(dir, 'a.npy');
    await writeFile(path, npy('<i4', [2], [1, 0, 0, 0, 2, 0, 0, 0]));
    expect((await readNpyFile(path)).data).toEqual(Int32Array.of(1, 2));
    const missing = join(dir, 'nope.npy');
    await expect(readNpyFile(missing)).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: expect.stringContaining(missing),
    });
  });
});
