import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { silentLogger } from '@scenarios/core';
import { runCli, runNodeScript } from '@scenarios/core/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFiles } from '../test-support/static-server.js';
import { DATA_USAGE, dataCommand } from './data.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const run = (...args: string[]) => runNodeScript(cli, args);

const NAMES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-data-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('image-classification data', () => {
  it('exits 2 on bad usage', async () => {
    const cases: [string[], string][] = [
      [['--out', join(root, 'x')], 'name one data set: fashion-mnist'],
      [['cifar-100', '--out', join(root, 'x')], 'unknown data set "cifar-100"'],
      [['fashion-mnist'], '--out is required'],
      [['fashion-mnist', '--out', join(root, 'x'), '--from', root, '--base-url', 'http://a'], 'not both'],
      [['fashion-mnist', '--out', join(root, 'x'), '--base-url', 'ftp://a'], 'must be an http(s) URL'],
      [['fashion-mnist', '--out', join(root, 'x'), '--from', join(root, 'nowhere')], 'no directory'],
    ];
    // In this process, through the same runner as the command (spawning one process each is slow).
    for (const [args, message] of cases) {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const io = {
        stdout: { write: (s: string) => stdout.push(s) },
        stderr: { write: (s: string) => stderr.push(s) },
        logger: silentLogger,
      };
      const code = await runCli(['data', ...args], { commands: { data: dataCommand }, usage: DATA_USAGE, io });
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr.join('')).toContain(message);
      expect(stdout).toEqual([]);
    }
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('--from a directory whose first file is not Fashion-MNIST: exit 2 naming it, nothing written', async () => {
    const from = join(root, 'not-fashion');
    await mkdir(from);
    for (const name of NAMES) await writeFile(join(from, name), gzipSync(`not ${name}`));
    const out = join(root, 'fashion-mnist-bad');
    const result = await run('data', 'fashion-mnist', '--from', from, '--out', out);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`error: ${join(from, NAMES[0] as string)}: content sha256 is`);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(root)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('a download that is not Fashion-MNIST, or missing: exit 2 naming the URL, nothing written', async () => {
    const server = await serveFiles({ [`/${NAMES[0]}`]: gzipSync('tampered') });
    try {
      const out = join(root, 'fashion-mnist-download-bad');
      const tampered = await run('data', 'fashion-mnist', '--base-url', server.url, '--out', out);
      expect(tampered.code, tampered.stderr).toBe(2);
      expect(tampered.stderr).toContain(`downloading ${server.url}/${NAMES[0]}\n`);
      expect(tampered.stderr).toContain(`error: ${server.url}/${NAMES[0]}: content sha256 is`);
      const missing = await run('data', 'fashion-mnist', '--base-url', `${server.url}/elsewhere`, '--out', out);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`error: download of ${server.url}/elsewhere/${NAMES[0]} failed: HTTP 404`);
      expect(existsSync(out)).toBe(false);
    } finally {
      await server.close();
    }
  });
});

// The real files, found only through SCENARIOS_DATA_DIR (CI sets it).
const dataDir = process.env.SCENARIOS_DATA_DIR;
const shared = dataDir === undefined ? '' : join(dataDir, 'fashion-mnist');

describe.skipIf(dataDir === undefined)('image-classification data with the real Fashion-MNIST files', () => {
  it('--from imports Debian-recompressed files: content verified, bytes kept, MD5s reported as not upstream', async () => {
    const out = join(root, 'imported', 'fashion-mnist');
    const result = await run('data', 'fashion-mnist', '--from', shared, '--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `Fashion-MNIST: 4 files verified and written to ${out} (imported from ${shared}; 0 of 4 byte for byte as published)\n`,
    );
    expect((await readdir(out)).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      expect((await readFile(join(out, name))).equals(await readFile(join(shared, name)))).toBe(true);
      expect(result.stderr).toContain(`verified ${join(shared, name)}: content sha256 matches; md5 `);
    }
    expect(result.stderr).toContain('is not the published 8d4fb7e6c68d591d4c3dfef9ec88bf0d (a recompressed copy');
    expect(result.stderr).not.toContain('note:');
  });

  it('--from a copy with one changed label: exit 2 naming the file, nothing written', async () => {
    const copy = join(root, 'corrupt-copy');
    await mkdir(copy);
    for (const name of NAMES) await writeFile(join(copy, name), await readFile(join(shared, name)));
    const labelsFile = join(copy, 't10k-labels-idx1-ubyte.gz');
    const labels = gunzipSync(await readFile(labelsFile));
    labels[8] = ((labels[8] as number) + 1) % 10; // the first label, after the 8-byte header
    await writeFile(labelsFile, gzipSync(labels));
    const out = join(root, 'fashion-mnist-from-corrupt');
    const result = await run('data', 'fashion-mnist', '--from', copy, '--out', out);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`error: ${labelsFile}: content sha256 is`);
    // The three good files were verified first, and still nothing was written.
    expect(result.stderr).toContain(`verified ${join(copy, 't10k-images-idx3-ubyte.gz')}`);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(root)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('downloads the four files from a base URL served on 127.0.0.1, with progress on stderr', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const name of NAMES) files[`/mirror/${name}`] = await readFile(join(shared, name));
    const server = await serveFiles(files);
    try {
      const out = join(root, 'downloaded');
      const result = await run('data', 'fashion-mnist', '--base-url', `${server.url}/mirror`, '--out', out);
      expect(result.code, result.stderr).toBe(0);
      expect(server.requests).toEqual(NAMES.map((name) => `/mirror/${name}`));
      expect(result.stdout).toContain(`written to ${out} (downloaded from ${server.url}/mirror;`);
      // Not a terminal: a line each time another tenth has arrived (chunk sizes vary, so 50% or a little more).
      expect(result.stderr).toMatch(/\n {2}train-images-idx3-ubyte\.gz 5\d% \(1[34]\.\d of 26\.4 MB\)\n/);
      expect(result.stderr).toContain('  train-images-idx3-ubyte.gz 100% (26.4 of 26.4 MB)\n');
      // The IDX adapter would not know these are Fashion-MNIST from the directory's name.
      expect(result.stderr).toContain('note: --data detects Fashion-MNIST');
      expect((await readdir(out)).sort()).toEqual([...NAMES].sort());
    } finally {
      await server.close();
    }
  });
});
