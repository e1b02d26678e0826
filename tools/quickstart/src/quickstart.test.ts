import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { initBackend, silentLogger, tf } from '@scenarios/core';
import { FASHION_MNIST_SAMPLE_DIR } from '@scenarios/core/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { runQuickstart } from './quickstart.js';

const progress = { isTTY: false, write: () => true };

describe('runQuickstart', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('trains the reference CNN and reports its evaluation, leaking no tensors', async () => {
    const before = tf.memory().numTensors;
    // The committed sample, so that the test never looks further (or downloads).
    const { backend, report, text } = await runQuickstart({
      data: FASHION_MNIST_SAMPLE_DIR,
      epochs: 1,
      batchSize: 64,
      seed: 0,
      limit: 256,
      logger: silentLogger,
      progress,
    });
    if (process.env.TFJS_BACKEND === undefined) expect(backend.name).toBe('wasm');
    expect(report.per_class).toHaveLength(10);
    expect(report.confusion_matrix.flat().reduce((sum, n) => sum + n, 0)).toBe(256);
    // Ten classes: one epoch on 256 images is well above chance (0.1) on this data.
    expect(report.accuracy).toBeGreaterThan(0.2);
    expect(text).toMatch(/Ankle boot/);
    expect(text).toMatch(/reference-cnn, 1 epoch\(s\) on 256 images, backend \w+: test accuracy 0\.\d{4}/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a data directory without Fashion-MNIST, saying where it looked', async () => {
    const empty = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
    await expect(
      runQuickstart({ data: empty, epochs: 1, batchSize: 64, seed: 0, logger: silentLogger, progress }),
    ).rejects.toMatchObject({ code: 'DATA_NOT_FOUND', message: expect.stringContaining(empty) });
  });
});

describe('the main job command', () => {
  const run = promisify(execFile);
  // The built command (turbo builds a package before testing it).
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

  it('exits with 2 and the usage on a bad flag value', async () => {
    const failure = await run(process.execPath, [main, '--epochs', 'zero']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--epochs must be an integer >= 1') });
  });

  it('exits with 2 on an unknown flag', async () => {
    const failure = await run(process.execPath, [main, '--epoch', '3']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--epoch'") });
  });
});
