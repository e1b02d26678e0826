import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { dataCacheDir, findDataFile, findRepoRoot, type LocateDataOptions, locateData } from './data-location.js';
import { sha256Hex } from './download.js';
import { serveFiles } from './test-support/static-server.js';

const FILES = ['images.gz', 'labels.gz'];
const payload = new TextEncoder().encode('payload');

/** Puts the data set's files in `dir`, `labels` unpacked (as some copies are). */
async function fill(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'images.gz'), gzipSync(payload));
  await writeFile(join(dir, 'labels'), payload);
  return dir;
}

let root: string;
let repo: string;
let base: LocateDataOptions;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'locate-'));
  repo = join(root, 'repo');
  await mkdir(join(repo, 'apps', 'x'), { recursive: true });
  await writeFile(join(repo, 'pnpm-workspace.yaml'), 'packages: []\n');
  base = {
    name: 'toy',
    title: 'Toy',
    files: FILES,
    env: { SCENARIOS_DATA_DIR: join(root, 'data') },
    cwd: join(repo, 'apps', 'x'),
    systemDir: join(root, 'usr-share', 'toy'),
    sampleDir: join(root, 'sample'),
    allowDownload: false,
    hints: ['apt-get install toy-data'],
  };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('locateData', () => {
  it('looks in SCENARIOS_DATA_DIR, then the cache, then the system directory, then the sample', async () => {
    await Promise.all([
      fill(join(root, 'data', 'toy')),
      fill(join(repo, '.cache', 'scenarios-data', 'toy')),
      fill(base.systemDir as string),
      fill(base.sampleDir as string),
    ]);
    expect(await locateData(base)).toEqual({ source: 'env', dir: join(root, 'data', 'toy') });
    await rm(join(root, 'data'), { recursive: true });
    expect(await locateData(base)).toEqual({ source: 'cache', dir: join(repo, '.cache', 'scenarios-data', 'toy') });
    await rm(join(repo, '.cache'), { recursive: true });
    expect(await locateData(base)).toEqual({ source: 'debian', dir: base.systemDir });
    await rm(base.systemDir as string, { recursive: true });
    expect(await locateData({ ...base, allowSample: true })).toEqual({ source: 'sample', dir: base.sampleDir });
  });

  it('uses an explicit directory alone, and names it and the missing files when they are not there', async () => {
    await fill(join(root, 'data', 'toy'));
    const explicit = await fill(join(root, 'mine'));
    expect(await locateData({ ...base, dir: explicit })).toEqual({ source: 'explicit', dir: explicit });
    await rm(join(explicit, 'labels'));
    await expect(locateData({ ...base, dir: explicit })).rejects.toMatchObject({
      code: 'DATA_NOT_FOUND',
      message: `Toy not found in ${explicit}: missing labels.gz`,
    });
  });

  it('counts a place only when every file is there', async () => {
    const env = join(root, 'data', 'toy');
    await mkdir(env, { recursive: true });
    await writeFile(join(env, 'images.gz'), payload);
    await fill(base.systemDir as string);
    expect((await locateData(base)).source).toBe('debian');
  });

  it('lists every place looked and every way to provide the data when nothing is found', async () => {
    const error = await locateData({
      ...base,
      env: {},
      remote: [{ name: 'images.gz', url: 'http://example.invalid/images.gz', contentSha256: '0' }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).code).toBe('DATA_NOT_FOUND');
    const cache = join(repo, '.cache', 'scenarios-data', 'toy');
    expect((error as ScenarioError).message).toBe(
      [
        'Toy not found. Looked in:',
        '  - $SCENARIOS_DATA_DIR/toy: SCENARIOS_DATA_DIR is not set',
        `  - ${cache}: no such directory`,
        `  - ${base.systemDir}: no such directory`,
        '  - download from http://example.invalid: not allowed',
        'To provide it:',
        '  - pass its directory explicitly (the CLI flag --data <dir>)',
        '  - set SCENARIOS_DATA_DIR=<dir> where <dir>/toy/ holds images.gz, labels.gz',
        '  - apt-get install toy-data',
        `  - with internet access, let it download into ${cache}`,
      ].join('\n'),
    );
  });

  it('survives a SCENARIOS_DATA_DIR that is a file', async () => {
    await writeFile(join(root, 'data'), 'not a directory');
    await fill(base.systemDir as string);
    expect((await locateData(base)).source).toBe('debian');
  });

  it('downloads only the missing files into the cache, verified, and finds them there next time', async () => {
    const gz = gzipSync(payload);
    const server = await serveFiles({ '/images.gz': gz, '/labels.gz': gz });
    const remote = FILES.map((name) => ({ name, url: `${server.url}/${name}`, contentSha256: sha256Hex(payload) }));
    const cache = join(root, 'my-cache');
    const options = { ...base, env: { SCENARIOS_CACHE_DIR: cache }, remote, allowDownload: true };
    try {
      await mkdir(join(cache, 'toy'), { recursive: true });
      await writeFile(join(cache, 'toy', 'images.gz'), gz);
      expect(await locateData(options)).toEqual({ source: 'download', dir: join(cache, 'toy') });
      expect(server.requests).toEqual(['/labels.gz']);
      expect(await locateData(options)).toEqual({ source: 'cache', dir: join(cache, 'toy') });
      expect(server.requests).toEqual(['/labels.gz']);
    } finally {
      await server.close();
    }
  });

  it('fails on a checksum mismatch without keeping anything, even when a sample is allowed', async () => {
    const server = await serveFiles({
      '/images.gz': gzipSync(payload),
      '/labels.gz': gzipSync(new TextEncoder().encode('other')),
    });
    const remote = FILES.map((name) => ({ name, url: `${server.url}/${name}`, contentSha256: sha256Hex(payload) }));
    const cache = join(root, 'my-cache');
    await fill(base.sampleDir as string);
    try {
      await expect(
        locateData({ ...base, env: { SCENARIOS_CACHE_DIR: cache }, remote, allowDownload: true, allowSample: true }),
      ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(await readdir(cache)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('falls back to the sample when the download fails, and reports the failure otherwise', async () => {
    const server = await serveFiles({});
    const remote = FILES.map((name) => ({ name, url: `${server.url}/${name}`, contentSha256: sha256Hex(payload) }));
    const options = { ...base, env: { SCENARIOS_CACHE_DIR: join(root, 'my-cache') }, remote, allowDownload: true };
    await fill(base.sampleDir as string);
    try {
      expect(await locateData({ ...options, allowSample: true })).toEqual({ source: 'sample', dir: base.sampleDir });
      await expect(locateData(options)).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: expect.stringContaining(`\n  - download of ${server.url}/images.gz failed: HTTP 404 Not Found\n`),
      });
    } finally {
      await server.close();
    }
  });
});

describe('dataCacheDir', () => {
  it('is SCENARIOS_CACHE_DIR, else .cache/scenarios-data at the repository root, else under cwd', async () => {
    expect(dataCacheDir({ env: { SCENARIOS_CACHE_DIR: '/x/y' }, cwd: repo })).toBe('/x/y');
    expect(dataCacheDir({ env: {}, cwd: join(repo, 'apps', 'x') })).toBe(join(repo, '.cache', 'scenarios-data'));
    expect(dataCacheDir({ env: {}, cwd: root })).toBe(join(root, '.cache', 'scenarios-data'));
    expect(findRepoRoot(join(repo, 'apps', 'x'))).toBe(repo);
    expect(findRepoRoot(root)).toBeUndefined();
  });
});

describe('findDataFile', () => {
  it('finds a file as named or, for .gz names, unpacked', async () => {
    const dir = await fill(join(root, 'set'));
    expect(findDataFile(dir, 'images.gz')).toBe(join(dir, 'images.gz'));
    expect(findDataFile(dir, 'labels.gz')).toBe(join(dir, 'labels'));
    expect(findDataFile(dir, 'other.gz')).toBeUndefined();
    expect(findDataFile(join(dir, 'images.gz'), 'x')).toBeUndefined();
  });
});
