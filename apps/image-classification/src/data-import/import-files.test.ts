import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveFiles } from '../test-support/static-server.js';
import { importFiles } from './import-files.js';
import type { ExpectedFile } from './verify-file.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

// Two files whose .gz is published with an MD5, and one without a .gz.
const images = new TextEncoder().encode('pixels '.repeat(2000));
const labels = new TextEncoder().encode('labels '.repeat(300));
const readme = new TextEncoder().encode('a plain text file\n');
const published = {
  'images.gz': new Uint8Array(gzipSync(images, { level: 9 })),
  'labels.gz': new Uint8Array(gzipSync(labels, { level: 9 })),
  'readme.txt': readme,
};
const files: ExpectedFile[] = [
  { name: 'images.gz', contentSha256: sha256(images), md5: md5(published['images.gz']) },
  { name: 'labels.gz', contentSha256: sha256(labels), md5: md5(published['labels.gz']) },
  { name: 'readme.txt', contentSha256: sha256(readme) },
];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-import-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a local copy: `images.gz` recompressed (other bytes, same content), `labels` unpacked. */
async function localCopy(overrides: Record<string, Uint8Array> = {}): Promise<string> {
  const dir = join(root, 'copy');
  await mkdir(dir);
  const copy: Record<string, Uint8Array> = {
    'images.gz': new Uint8Array(gzipSync(images, { level: 1 })),
    labels,
    'readme.txt': readme,
    ...overrides,
  };
  for (const [name, bytes] of Object.entries(copy)) await writeFile(join(dir, name), bytes);
  return dir;
}

describe('importFiles from a local directory', () => {
  it('checks the decompressed content, keeps each file as it is and tells upstream bytes from a recompressed copy', async () => {
    const from = await localCopy({ 'labels.gz': published['labels.gz'] });
    await rm(join(from, 'labels'));
    const out = join(root, 'data', 'set');
    const lines: string[] = [];
    const imported = await importFiles({ files, out, from, progress: { write: (line) => lines.push(line) } });

    expect((await readdir(out)).sort()).toEqual(['images.gz', 'labels.gz', 'readme.txt']);
    expect(new Uint8Array(await readFile(join(out, 'images.gz')))).toEqual(
      new Uint8Array(await readFile(join(from, 'images.gz'))),
    );
    expect(imported.map((file) => [file.path, file.asPublished])).toEqual([
      [join(out, 'images.gz'), false],
      [join(out, 'labels.gz'), true],
      [join(out, 'readme.txt'), false],
    ]);
    expect(lines[0]).toMatch(/^verified .*images\.gz: content sha256 matches; md5 [0-9a-f]{32} is not the published/);
    expect(lines[1]).toContain(`md5 ${files[1]?.md5} is the published one`);
    // Nothing but the result is left beside it.
    expect(await readdir(join(root, 'data'))).toEqual(['set']);
  });

  it('accepts an unpacked copy of a .gz file under its unpacked name', async () => {
    const out = join(root, 'set');
    await importFiles({ files, out, from: await localCopy() });
    expect((await readdir(out)).sort()).toEqual(['images.gz', 'labels', 'readme.txt']);
  });

  it('writes nothing when one file has other content, and names that file', async () => {
    const from = await localCopy({ labels: new TextEncoder().encode('labels '.repeat(299)) });
    const out = join(root, 'set');
    await expect(importFiles({ files, out, from })).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(`${join(from, 'labels')}: content sha256 is`),
    });
    expect(existsSync(out)).toBe(false);
    expect(await readdir(root)).toEqual(['copy']);
  });

  it('reports damaged gzip data and a missing file with their paths', async () => {
    const truncated = await localCopy();
    // Without its last 10 bytes (CRC and length), the gzip stream ends early.
    await writeFile(join(truncated, 'images.gz'), published['images.gz'].subarray(0, -10));
    await expect(importFiles({ files, out: join(root, 'a'), from: truncated })).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining(`${join(truncated, 'images.gz')}: damaged gzip data`),
    });
    await rm(join(truncated, 'readme.txt'));
    await writeFile(join(truncated, 'images.gz'), published['images.gz']);
    await expect(importFiles({ files, out: join(root, 'a'), from: truncated })).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: `${truncated} has no readme.txt`,
    });
    expect(existsSync(join(root, 'a'))).toBe(false);
  });

  it('refuses a non-empty output directory unless told to replace it', async () => {
    const from = await localCopy();
    const out = join(root, 'set');
    await mkdir(out);
    await writeFile(join(out, 'old.txt'), 'old');
    await expect(importFiles({ files, out, from })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('pass --overwrite'),
    });
    expect(await readdir(out)).toEqual(['old.txt']);
    await expect(importFiles({ files, out: from, from, overwrite: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: `the output directory ${from} is the one to import from`,
    });
    await importFiles({ files, out, from, overwrite: true });
    expect((await readdir(out)).sort()).toEqual(['images.gz', 'labels', 'readme.txt']);
    expect((await readdir(root)).sort()).toEqual(['copy', 'set']);
  });
});

describe('importFiles from a download site (a real HTTP server on 127.0.0.1)', () => {
  it('downloads every file from the base URL, verifies it and reports progress', async () => {
    const server = await serveFiles({
      '/fm/images.gz': published['images.gz'],
      '/fm/labels.gz': published['labels.gz'],
      '/fm/readme.txt': readme,
    });
    try {
      const out = join(root, 'set');
      const lines: string[] = [];
      const imported = await importFiles({
        files,
        out,
        baseUrl: `${server.url}/fm/`,
        progress: { write: (line) => lines.push(line) },
      });
      expect(server.requests).toEqual(['/fm/images.gz', '/fm/labels.gz', '/fm/readme.txt']);
      expect(imported.map((file) => file.asPublished)).toEqual([true, true, false]);
      expect(new Uint8Array(await readFile(join(out, 'labels.gz')))).toEqual(published['labels.gz']);
      expect(lines).toContain(`downloading ${server.url}/fm/images.gz\n`);
      // Not a terminal: one line per tenth of the file, the last at 100%.
      expect(lines.filter((line) => line.startsWith('  images.gz ')).at(-1)).toMatch(
        /^ {2}images\.gz 100% \(0\.0 of 0\.0 MB\)\n$/,
      );
    } finally {
      await server.close();
    }
  });

  it('writes nothing when a download is tampered with or missing', async () => {
    const server = await serveFiles({
      '/images.gz': published['images.gz'],
      '/labels.gz': new Uint8Array(gzipSync(new TextEncoder().encode('tampered'))),
    });
    try {
      const out = join(root, 'set');
      await expect(importFiles({ files, out, baseUrl: server.url })).rejects.toMatchObject({
        code: 'CHECKSUM_MISMATCH',
        message: expect.stringContaining(`${server.url}/labels.gz: content sha256 is`),
      });
      const withLabels = files.slice(0, 1).concat(files.slice(2));
      await expect(importFiles({ files: withLabels, out, baseUrl: server.url })).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: `download of ${server.url}/readme.txt failed: HTTP 404 Not Found`,
      });
      expect(await readdir(root)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection as DATA_NOT_FOUND', async () => {
    const server = await serveFiles({});
    const { url } = server;
    await server.close();
    await expect(importFiles({ files, out: join(root, 'set'), baseUrl: url })).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: expect.stringContaining(`download of ${url}/images.gz failed: fetch failed`),
    });
  });
});
