import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadVerified, sha256Hex } from './download.js';
import { serveFiles } from './test-support/static-server.js';

const content = new TextEncoder().encode('the same bytes, compressed two ways\n'.repeat(50));
const upstream = new Uint8Array(gzipSync(content, { level: 9 }));
const recompressed = new Uint8Array(gzipSync(content, { level: 1 }));
const sha = sha256Hex(content);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'download-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sha256Hex', () => {
  it('matches the published digest of "abc" (FIPS 180-2)', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('downloadVerified', () => {
  it('downloads, checks the decompressed content and renames the files into place', async () => {
    expect(upstream).not.toEqual(recompressed);
    const server = await serveFiles({ '/a.gz': upstream, '/b.gz': recompressed, '/c.txt': content });
    try {
      const dir = join(root, 'cache', 'set');
      const files = ['a.gz', 'b.gz', 'c.txt'].map((name) => ({
        name,
        url: `${server.url}/${name}`,
        contentSha256: sha,
      }));
      await downloadVerified({ files, dir });
      expect((await readdir(dir)).sort()).toEqual(['a.gz', 'b.gz', 'c.txt']);
      expect(new Uint8Array(await readFile(join(dir, 'b.gz')))).toEqual(recompressed);
      // The staging directory is gone.
      expect(await readdir(join(root, 'cache'))).toEqual(['set']);
    } finally {
      await server.close();
    }
  });

  it('keeps nothing when one file does not match its checksum', async () => {
    const server = await serveFiles({ '/a.gz': upstream, '/b.gz': gzipSync(new TextEncoder().encode('tampered')) });
    try {
      const dir = join(root, 'cache', 'set');
      const files = ['a.gz', 'b.gz'].map((name) => ({ name, url: `${server.url}/${name}`, contentSha256: sha }));
      await expect(downloadVerified({ files, dir })).rejects.toMatchObject({
        code: 'CHECKSUM_MISMATCH',
        message: expect.stringContaining(`${server.url}/b.gz: content sha256 is`),
      });
      expect(existsSync(dir)).toBe(false);
      expect(await readdir(join(root, 'cache'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reports an HTTP error, a refused connection and a silent server as DATA_NOT_FOUND', async () => {
    const server = await serveFiles({});
    const dir = join(root, 'cache', 'set');
    try {
      await expect(
        downloadVerified({ files: [{ name: 'x', url: `${server.url}/x`, contentSha256: sha }], dir }),
      ).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: `download of ${server.url}/x failed: HTTP 404 Not Found`,
      });
    } finally {
      await server.close();
    }
    await expect(
      downloadVerified({ files: [{ name: 'x', url: `${server.url}/x`, contentSha256: sha }], dir }),
    ).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: expect.stringMatching(/failed: fetch failed .*ECONNREFUSED/),
    });
    const silent = await serveFiles({}, { hang: true });
    try {
      await expect(
        downloadVerified({
          files: [{ name: 'x', url: `${silent.url}/x`, contentSha256: sha }],
          dir,
          connectTimeoutMs: 200,
        }),
      ).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: `download of ${silent.url}/x failed: no response within 0.2 s`,
      });
    } finally {
      await silent.close();
    }
    expect(await readdir(join(root, 'cache'))).toEqual([]);
  });
});
