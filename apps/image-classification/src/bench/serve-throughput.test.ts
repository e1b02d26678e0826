import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savedClassifier } from '../test-support/classifier.js';
import { measureServeThroughput } from './serve-throughput.js';

// The built command, which the server child process runs: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dataRoot = process.env.SCENARIOS_DATA_DIR;
const fashion = dataRoot ? join(dataRoot, 'fashion-mnist') : '';

describe.skipIf(!existsSync(join(fashion, 't10k-images-idx3-ubyte.gz')))('measureServeThroughput', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ic-bench-serve-'));
    (await savedClassifier(join(root, 'model'))).model.dispose();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves real test images from a child process and compares with in-process batches', async () => {
    const result = await measureServeThroughput({
      model: join(root, 'model'),
      data: fashion,
      images: 48,
      clients: 4,
      durationMs: 1000,
      batchSizes: [16],
      inferenceDurationMs: 300,
      cli,
    });
    expect(result.batched).toEqual([{ batchSize: 16, throughput: expect.any(Number) }]);
    expect(result.http).toMatchObject({ clients: 4, errors: 0 });
    expect(result.http.requests).toBeGreaterThan(10);
    expect(result.http.p50Ms).toBeLessThanOrEqual(result.http.p99Ms);
    expect(result.ratio).toBeCloseTo(result.http.throughput / (result.batched[0]?.throughput ?? 0), 9);
  });
});
