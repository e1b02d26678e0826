import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@scenarios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageFolder } from '../test-support/images.js';
import { runAccuracyBench } from './accuracy.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-bench-accuracy-'));
  await writeImageFolder(join(root, 'colours'), 10);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runAccuracyBench', () => {
  it('trains through trainClassifier, replaces the model directory and reports accuracy and timing', async () => {
    const options = {
      recipe: 'reference-cnn' as const,
      data: join(root, 'colours'),
      out: join(root, 'model'),
      epochs: 2,
      logger: silentLogger,
    };
    await runAccuracyBench(options);
    // A second run replaces the first model instead of refusing the directory.
    const result = await runAccuracyBench(options);
    expect(existsSync(join(root, 'model', 'manifest.json'))).toBe(true);
    // 30 images, 24 for training and 6 held out for validation (the folder's seeded 80/20 split).
    expect(result).toMatchObject({
      recipe: 'reference-cnn',
      epochs: 2,
      batchSize: 32,
      trainExamples: 24,
      n: 6,
      shortened: true,
    });
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(result.wallSeconds).toBeGreaterThanOrEqual(result.trainSeconds);
    expect(result.samplesPerSecond).toBeCloseTo((24 * 2) / result.trainSeconds, 6);
    expect(result.backend).toBe('wasm');
  });
});
