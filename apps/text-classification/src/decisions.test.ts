import { describe, expect, it } from 'vitest';
import { decideAll, predictedClass, predictedSet, tuneThreshold } from './decisions.js';

describe('decisions', () => {
  it('uses the threshold on P(class 1) for two classes and argmax for more', () => {
    expect(predictedClass([0.7, 0.3], 0.25)).toBe(1);
    expect(predictedClass([0.7, 0.3], 0.5)).toBe(0);
    expect(predictedClass([0.2, 0.5, 0.3], 0.9)).toBe(1);
    expect(predictedClass([0.4, 0.2, 0.4], 0.5)).toBe(0);
  });

  it('takes every label at or above the threshold for multi-label rows', () => {
    expect(predictedSet([0.6, 0.1, 0.5], 0.5)).toEqual([0, 2]);
    expect(
      decideAll(Float32Array.from([0.6, 0.1, 0.5, 0.2, 0.2, 0.2]), 3, { task: 'multi-label', threshold: 0.5 }),
    ).toEqual([[0, 2], []]);
    expect(decideAll(Float32Array.from([0.6, 0.4, 0.1, 0.9]), 2, { task: 'single-label', threshold: 0.5 })).toEqual([
      [0],
      [1],
    ]);
  });
});

describe('tuneThreshold', () => {
  it('finds the cut with the best macro F1, halfway between neighbouring scores', () => {
    // Positives score 0.35 and 0.8, negatives 0.1, 0.2 and 0.3: a cut between 0.3 and 0.35 separates them.
    expect(tuneThreshold([0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.35, 0.8])).toBeCloseTo(0.325, 10);
  });

  it('keeps 0.5 when it is as good as any other cut', () => {
    expect(tuneThreshold([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(0.5);
  });

  it('picks the better of imperfect cuts', () => {
    // Only 0.9 positive: tp 1, fp 0, fn 1 -> F1 2/3 and 6/7, macro 0.762. 0.9, 0.6 and 0.5 positive:
    // tp 2, fp 1, fn 0 -> F1 0.8 and 0.8, macro 0.8, the best; its cut lies halfway between 0.5 and 0.2.
    expect(tuneThreshold([0, 0, 1, 0, 1], [0.1, 0.2, 0.5, 0.6, 0.9])).toBeCloseTo(0.35, 10);
  });
});
