import { tf } from '@scenarios/core';
import { buildReferenceCnn } from '@scenarios/core/models';
import { describe, expect, it } from 'vitest';
import { batchedInferenceThroughput } from './batched-inference.js';

describe('batchedInferenceThroughput', () => {
  const shape = { height: 18, width: 18, channels: 1 } as const;

  it('predicts whole batches for the given time and leaks nothing', async () => {
    const model = buildReferenceCnn({ inputShape: [18, 18, 1], numClasses: 3 });
    const images = new Float32Array(10 * 18 * 18).fill(0.5);
    const before = tf.memory().numTensors;
    const throughput = await batchedInferenceThroughput(model, { images, shape, batchSize: 4, durationMs: 200 });
    expect(tf.memory().numTensors).toBe(before);
    expect(throughput).toBeGreaterThan(0);
    expect(Number.isFinite(throughput)).toBe(true);
    model.dispose();
  });

  it('needs at least one batch of images', async () => {
    const model = buildReferenceCnn({ inputShape: [18, 18, 1], numClasses: 3 });
    await expect(
      batchedInferenceThroughput(model, { images: new Float32Array(3 * 18 * 18), shape, batchSize: 4 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('3 images') });
    model.dispose();
  });
});
