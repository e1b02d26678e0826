import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import type { NdArray } from './nd-array.js';
import { decodeNpz, readNpzFile } from './npz-reader.js';
import { npyBytes, npyHeader } from './test-support/npy-bytes.js';

const images = npyBytes({ header: npyHeader('|u1', [2, 2, 2]), data: [0, 1, 2, 3, 252, 253, 254, 255] });
const labels = npyBytes({ header: npyHeader('<i8', [2]), data: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });

describe('decodeNpz', () => {
  it.each([
    ['stored', 0],
    ['deflated', 6],
  ] as const)('reads a %s archive into a map by array name', (_, level) => {
    const zip = zipSync({ 'images.npy': images, 'labels.npy': labels }, { level });
    const arrays = decodeNpz(zip);
    expect([...arrays.keys()].sort()).toEqual(['images', 'labels']);
    expect(arrays.get('images')).toEqual({
      data: Uint8Array.of(0, 1, 2, 3, 252, 253, 254, 255),
      shape: [2, 2, 2],
      dtype: 'uint8',
    });
    expect(arrays.get('labels')).toEqual({ data: Float64Array.of(1, 0), shape: [2], dtype: 'int64' });
  });

  it('reads a mixed archive and only the requested keys, and names missing keys', () => {
    const zip = zipSync({
      'images.npy': [images, { level: 0 }],
      'labels.npy': [labels, { level: 9 }],
      'notes.txt': new Uint8Array(3),
    });
    expect([...decodeNpz(zip).keys()].sort()).toEqual(['images', 'labels']);
    expect([...decodeNpz(zip, { keys: ['labels'] }).keys()]).toEqual(['labels']);
    expect(() => decodeNpz(zip, { keys: ['labels', 'masks'], source: 'm.npz' })).toThrow(
      /m\.npz: no array named masks in the NPZ file \(it holds images\.npy, labels\.npy, notes\.txt\)/,
    );
  });

  it('rejects bytes that are not a zip, and a broken array inside, with DATA_CORRUPT', () => {
    expect(() => decodeNpz(new Uint8Array([1, 2, 3, 4]), { source: 'bad.npz' })).toThrow(/bad\.npz: not a valid NPZ/);
    const broken = zipSync({ 'a.npy': images.subarray(0, images.length - 1) });
    let thrown: unknown;
    try {
      decodeNpz(broken, { source: 'bad.npz' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as ScenarioError).code).toBe('DATA_CORRUPT');
    expect((thrown as ScenarioError).message).toMatch(/^bad\.npz:a\.npy: .*needs 8 data bytes, file has 7/);
  });
});

describe('readNpzFile', () => {
  it('reads a file and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'npz-'));
    try {
      const path = join(dir, 'a.npz');
      await writeFile(path, zipSync({ 'x.npy': labels }));
      expect((await readNpzFile(path)).get('x')?.data).toEqual(Float64Array.of(1, 0));
      await expect(readNpzFile(join(dir, 'b.npz'))).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: expect.stringContaining(join(dir, 'b.npz')),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const medmnist = join(process.env.SCENARIOS_DATA_DIR ?? '/nonexistent', 'medmnist', 'pneumoniamnist.npz');
  it.skipIf(!existsSync(medmnist))('reads PneumoniaMNIST (when the shared copy is present)', async () => {
    const arrays = await readNpzFile(medmnist);
    expect(arrays.get('train_images')).toMatchObject({ shape: [3882, 28, 28], dtype: 'uint8' });
    expect(arrays.get('train_labels')?.shape).toEqual([3882, 1]);
    expect(arrays.get('val_images')?.shape).toEqual([524, 28, 28]);
    const test = arrays.get('test_labels') as NdArray;
    expect(test.shape).toEqual([624, 1]);
    const pneumonia = (test.data as Uint8Array).reduce((sum, label) => sum + label, 0);
    expect([624 - pneumonia, pneumonia]).toEqual([234, 390]);
  });
});
