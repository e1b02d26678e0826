import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPAM_ASSASSIN } from './datasets/spam-assassin.js';
import { evaluateTextModel } from './evaluate-model.js';
import { trainTextClassifier } from './train-classifier.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spam-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the SpamAssassin corpus from the npm package, end to end', () => {
  it('trains on a stratified sample, reports duplicates and per-group metrics, and evaluate agrees', async () => {
    const out = join(dir, 'spam');
    const result = await trainTextClassifier({
      path: SPAM_ASSASSIN,
      out,
      limit: 900,
      seed: 1,
      ngram: { buckets: 16_384 },
      epochs: 4,
      learningRate: 0.02,
    });
    expect(result.manifest.labels).toEqual(['ham', 'spam']);
    expect(result.manifest.training?.config).toMatchObject({
      data: { format: 'spam-assassin', from_domain: false, limit: 900 },
      split: { train: expect.any(Number), duplicates: result.duplicates },
    });
    expect(result.metrics.n).toBeGreaterThanOrEqual(175);
    expect(result.metrics.accuracy).toBeGreaterThan(0.9);
    expect(result.metrics.roc_auc).toBeGreaterThan(0.95);
    expect(Object.keys(result.metrics.by_group ?? {})).toEqual(['easy_ham', 'hard_ham', 'spam']);
    const evaluation = await evaluateTextModel({ model: out, data: SPAM_ASSASSIN });
    expect(evaluation.metrics).toEqual(result.metrics);
  }, 180_000);
});
