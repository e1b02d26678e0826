import { describe, expect, it } from 'vitest';
import { textMetrics } from './metrics.js';

describe('textMetrics', () => {
  it('decides binary rows with the threshold and breaks the metrics down by group', () => {
    // P(spam) 0.9, 0.4, 0.35, 0.1 at threshold 0.3: spam, spam, spam, ham.
    const metrics = textMetrics({
      task: 'single-label',
      classNames: ['ham', 'spam'],
      probabilities: Float32Array.from([0.1, 0.9, 0.6, 0.4, 0.65, 0.35, 0.9, 0.1]),
      labels: Int32Array.from([1, 1, 0, 0]),
      groups: ['spam', 'spam', 'hard_ham', 'easy_ham'],
      threshold: 0.3,
    });
    expect(metrics.accuracy).toBe(0.75);
    expect(metrics.confusion_matrix).toEqual([
      [1, 1],
      [0, 2],
    ]);
    // ham: precision 1, recall 0.5, F1 2/3; spam: precision 2/3, recall 1, F1 0.8.
    expect(metrics.macro_f1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(metrics.roc_auc).toBe(1);
    expect(metrics.threshold).toBe(0.3);
    expect(Object.keys(metrics.by_group ?? {})).toEqual(['easy_ham', 'hard_ham', 'spam']);
    expect(metrics.by_group?.hard_ham).toMatchObject({ n: 1, accuracy: 0, roc_auc: null });
    expect(metrics.by_group?.easy_ham).toMatchObject({ n: 1, accuracy: 1 });
    expect(metrics.by_group?.spam).toMatchObject({ n: 2, accuracy: 1 });
  });

  it('gives exact-match accuracy, per-label and macro F1 and macro ROC-AUC for multi-label rows', () => {
    const metrics = textMetrics({
      task: 'multi-label',
      classNames: ['a', 'b'],
      // Decided at 0.5: {a}, {a, b}, {}.
      probabilities: Float32Array.from([0.9, 0.2, 0.6, 0.7, 0.1, 0.4]),
      multiHot: Uint8Array.from([1, 0, 1, 0, 0, 1]),
      threshold: 0.5,
    });
    expect(metrics.accuracy).toBeCloseTo(1 / 3, 10);
    // a: tp 2, fp 0, fn 0 -> F1 1; b: tp 0, fp 1, fn 1 -> F1 0.
    expect(metrics.per_class.map((row) => [row.class_name, row.f1, row.support])).toEqual([
      ['a', 1, 2],
      ['b', 0, 1],
    ]);
    expect(metrics.macro_f1).toBe(0.5);
    expect(metrics.micro_f1).toBeCloseTo((2 * 2) / (2 * 2 + 1 + 1), 10);
    // a: positives 0.9, 0.6 above the negative 0.1 -> 1; b: the positive 0.4 is below 0.7 but above 0.2 -> 0.5.
    expect(metrics.roc_auc).toBeCloseTo(0.75, 10);
  });
});
