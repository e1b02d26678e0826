import { tf } from '@scenarios/core';
import { ArrayDataset } from '@scenarios/core/data';
import { describe, expect, it } from 'vitest';
import { BalancedSampling } from './balanced-sampling.js';

/** 100 one-pixel examples; only the last 5 are positive, and their pixel holds their index. */
function imbalanced(): ArrayDataset {
  const inputs = Float32Array.from({ length: 100 }, (_, i) => i);
  const targets = Int32Array.from({ length: 100 }, (_, i) => (i >= 95 ? 1 : 0));
  return new ArrayDataset({ inputs, inputShape: [1], targets });
}

async function drawLabels(data: BalancedSampling, seed: number): Promise<number[]> {
  const labels: number[] = [];
  for (const { xs, ys } of data.batches({ batchSize: 64, seed })) {
    labels.push(...(await ys.data()));
    tf.dispose([xs, ys]);
  }
  return labels;
}

describe('BalancedSampling', () => {
  it('draws about as many examples of each class, with replacement, same seed same draw', async () => {
    const numTensors = tf.memory().numTensors;
    const data = new BalancedSampling(imbalanced(), { size: 1000 });
    const first = await drawLabels(data, 7);
    expect(first).toHaveLength(1000);
    const positives = first.filter((l) => l === 1).length;
    // Binomial(1000, 0.5): 3 standard deviations are about 47.
    expect(positives).toBeGreaterThan(450);
    expect(positives).toBeLessThan(550);
    expect(await drawLabels(data, 7)).toEqual(first);
    expect(await drawLabels(data, 8)).not.toEqual(first);
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  it('keeps the size of the data set by default and exposes its labels', () => {
    const data = new BalancedSampling(imbalanced());
    expect(data.size).toBe(100);
    expect(data.labels().reduce((s, v) => s + v, 0)).toBe(5);
  });

  it('needs every class present', () => {
    const one = new ArrayDataset({ inputs: new Float32Array(3), inputShape: [1], targets: Int32Array.of(0, 0, 2) });
    expect(() => new BalancedSampling(one)).toThrow(/every class 0..2/);
  });
});
