import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NdArray } from './nd-array.js';
import { decodeNpy } from './npy-reader.js';
import { decodeNpz } from './npz-reader.js';
import { encodeNpy, encodeNpz } from './npz-writer.js';
import { npyBytes, npyHeader } from './test-support/npy-bytes.js';

describe('encodeNpy', () => {
  it('writes the bytes numpy writes', () => {
    const expected = npyBytes({ header: npyHeader('|u1', [2, 2]), data: [0, 1, 254, 255] });
    expect(encodeNpy({ data: Uint8Array.of(0, 1, 254, 255), shape: [2, 2], dtype: 'uint8' })).toEqual(expected);
    // One-dimensional shapes keep Python's trailing comma: (3,). 258 = 0x0102 little-endian.
    const int16 = npyBytes({ header: npyHeader('<i2', [3]), data: [2, 1, 0xff, 0xff, 0, 0] });
    expect(encodeNpy({ data: Int16Array.of(258, -1, 0), shape: [3], dtype: 'int16' })).toEqual(int16);
  });

  it('pads the header to a multiple of 64 bytes', () => {
    const bytes = encodeNpy({ data: Float32Array.of(1.5), shape: [1], dtype: 'float32' });
    expect((bytes.length - 4) % 64).toBe(0);
    expect(bytes[bytes.length - 5]).toBe(0x0a);
  });

  it.each<NdArray>([
    { data: Uint8Array.of(1, 0, 1), shape: [3], dtype: 'bool' },
    { data: Int8Array.of(-128, 127), shape: [2], dtype: 'int8' },
    { data: Uint16Array.of(0, 65535), shape: [1, 2], dtype: 'uint16' },
    { data: Uint32Array.of(4_000_000_000), shape: [1], dtype: 'uint32' },
    { data: Int32Array.of(-5, 7, 9, 11), shape: [2, 2], dtype: 'int32' },
    { data: Float64Array.of(1 - 2 ** 53, 42), shape: [2], dtype: 'int64' },
    { data: Float64Array.of(2 ** 40), shape: [], dtype: 'uint64' },
    { data: Float32Array.of(0.25, -3), shape: [2, 1], dtype: 'float32' },
    { data: Float64Array.of(Math.PI), shape: [1, 1, 1], dtype: 'float64' },
  ])('round-trips $dtype through decodeNpy', (array) => {
    expect(decodeNpy(encodeNpy(array))).toEqual(array);
  });

  it('refuses a shape that does not match the data and an unsafe 64-bit value', () => {
    expect(() => encodeNpy({ data: Uint8Array.of(1, 2, 3), shape: [2], dtype: 'uint8' })).toThrow(
      /shape \[2\] does not match 3 values/,
    );
    expect(() => encodeNpy({ data: Float64Array.of(2 ** 60), shape: [1], dtype: 'int64' })).toThrow(
      /not a valid int64/,
    );
  });
});

describe('encodeNpz', () => {
  const arrays = {
    train_images: { data: Uint8Array.of(0, 50, 100, 150, 200, 250, 1, 2), shape: [2, 2, 2], dtype: 'uint8' },
    train_labels: { data: Uint8Array.of(1, 0), shape: [2, 1], dtype: 'uint8' },
  } satisfies Record<string, NdArray>;

  it.each([true, false])('round-trips through decodeNpz (compress %s)', (compress) => {
    const decoded = decodeNpz(encodeNpz(arrays, { compress }));
    expect(Object.fromEntries(decoded)).toEqual(arrays);
  });

  it('stores entries uncompressed only when asked, and gives equal bytes for equal input', () => {
    const stored = encodeNpz(new Map(Object.entries(arrays)), { compress: false });
    expect(Object.keys(unzipSync(stored)).sort()).toEqual(['train_images.npy', 'train_labels.npy']);
    // The .npy bytes appear verbatim in a stored zip.
    const npy = encodeNpy(arrays.train_labels);
    expect(Buffer.from(stored).includes(Buffer.from(npy))).toBe(true);
    expect(encodeNpz(arrays)).toEqual(encodeNpz(arrays));
  });

  it('refuses a name with a path separator', () => {
    expect(() => encodeNpz({ 'a/b': arrays.train_labels })).toThrow(/bad array name/);
  });
});
