import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFiles, sha256Buffer, sha256File } from './checksum.js';
import { useTempDir } from './test-support/fixtures.js';

// Test vectors from FIPS 180-2 (SHA-256 of "abc") and of the empty message.
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SHA256_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sha256Buffer', () => {
  it('matches the published test vectors for strings, bytes and ArrayBuffers', () => {
    expect(sha256Buffer('abc')).toBe(SHA256_ABC);
    expect(sha256Buffer(new Uint8Array([0x61, 0x62, 0x63]))).toBe(SHA256_ABC);
    expect(sha256Buffer(new Uint8Array([0x61, 0x62, 0x63]).buffer)).toBe(SHA256_ABC);
    expect(sha256Buffer('')).toBe(SHA256_EMPTY);
  });
});

describe('sha256File', () => {
  const root = useTempDir();

  it('hashes a small file and an empty file', async () => {
    await writeFile(join(root(), 'abc'), 'abc');
    await writeFile(join(root(), 'empty'), '');
    expect(await sha256File(join(root(), 'abc'))).toBe(SHA256_ABC);
    expect(await sha256File(join(root(), 'empty'))).toBe(SHA256_EMPTY);
  });

  it('hashes a file larger than one stream chunk like the same bytes in memory', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    await writeFile(join(root(), 'big'), bytes);
    expect(await sha256File(join(root(), 'big'))).toBe(sha256Buffer(bytes));
  });

  it('rejects for a missing file', async () => {
    await expect(sha256File(join(root(), 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('fingerprintFiles', () => {
  const root = useTempDir();

  it('is the sha256 of the sorted sha256sum listing of the files', async () => {
    await writeFile(join(root(), 'b.csv'), '');
    await writeFile(join(root(), 'a.csv'), 'abc');
    const listing = `${SHA256_ABC}  a.csv\n${SHA256_EMPTY}  b.csv\n`;
    expect(await fingerprintFiles([join(root(), 'b.csv'), join(root(), 'a.csv')])).toBe(
      `sha256:${sha256Buffer(listing)}`,
    );
  });

  it('does not depend on order or location, only on names and contents', async () => {
    for (const sub of ['one', 'two']) {
      await mkdir(join(root(), sub));
      await writeFile(join(root(), sub, 'train.csv'), 'x,y\n1,2\n');
      await writeFile(join(root(), sub, 'test.csv'), 'x,y\n3,4\n');
    }
    const one = await fingerprintFiles([join(root(), 'one', 'train.csv'), join(root(), 'one', 'test.csv')]);
    const two = await fingerprintFiles([join(root(), 'two', 'test.csv'), join(root(), 'two', 'train.csv')]);
    expect(two).toBe(one);
    await writeFile(join(root(), 'two', 'test.csv'), 'x,y\n3,5\n');
    const changed = await fingerprintFiles([join(root(), 'two', 'test.csv'), join(root(), 'two', 'train.csv')]);
    expect(changed).not.toBe(one);
  });
});
