import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { rocAuc, rocAucOneVsRest, rocAucPerClass } from './roc-auc.js';

// 3 classes, 4 samples, row-major.
const MULTI_LABELS = [0, 1, 2, 2];
const MULTI_PROBS = [0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3];

describe('rocAuc', () => {
  it('matches the scikit-learn documentation example', () => {
    // Ascending ranks: 0.1 -> 1, 0.35 -> 2, 0.4 -> 3, 0.8 -> 4; positives 0.35 and 0.8.
    // (2 + 4 - 2*3/2) / (2*2) = 3/4
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('counts tied positive/negative pairs as one half', () => {
    // positives 0.5, 0.9; negatives 0.5, 0.2. Pairs: (0.5,0.5) = 1/2, (0.5,0.2) = 1, (0.9,0.5) = 1, (0.9,0.2) = 1
    // -> 3.5 / 4 = 0.875. Ranks: 0.2 -> 1, both 0.5 -> 2.5, 0.9 -> 4: (2.5 + 4 - 3) / 4 = 0.875
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    // Everything tied: no information, 0.5.
    expect(rocAuc([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, and ignores monotone transforms', () => {
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0], [0.1, 0.2, 0.9])).toBe(0);
    const logits = [0.1, 0.4, 0.35, 0.8].map((p) => Math.log(p / (1 - p)));
    expect(rocAuc([0, 0, 1, 1], Float32Array.from(logits))).toBe(0.75);
  });

  it('is NaN when only one class is present', () => {
    expect(rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toBeNaN();
    expect(rocAuc([0, 0], [0.2, 0.5])).toBeNaN();
  });

  it('rejects bad input', () => {
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/labels\[1\] is 2, expected an integer in \[0, 1\]/);
    expect(() => rocAuc([0, 1], [0.1])).toThrow(/labels has 2 entries but scores has 1/);
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow(/scores\[1\] is NaN/);
    expect(() => rocAuc([], [])).toThrow(ScenarioError);
  });
});

describe('one-vs-rest ROC-AUC', () => {
  it('averages per-class AUCs', () => {
    // class 0: labels [1,0,0,0], column [0.6,0.2,0.1,0.3]: the positive outranks all -> 1
    // class 1: labels [0,1,0,0], column [0.3,0.5,0.2,0.4]: 0.5 outranks all -> 1
    // class 2: labels [0,0,1,1], column [0.1,0.3,0.7,0.3]: pairs (0.7,0.1) 1, (0.7,0.3) 1,
    //          (0.3,0.1) 1, (0.3,0.3) 1/2 -> 3.5/4 = 0.875
    // macro = (1 + 1 + 0.875) / 3 = 0.958333
    expect(rocAucPerClass(MULTI_LABELS, MULTI_PROBS)).toEqual([1, 1, 0.875]);
    expect(rocAucOneVsRest(MULTI_LABELS, Float32Array.from(MULTI_PROBS))).toBeCloseTo(2.875 / 3, 12);
  });

  it('skips a class absent from the labels', () => {
    // Only classes 0 and 2 present: class 1 is NaN; class 0 AUC 1, class 2 AUC 0.875 as above
    // with sample 1 relabelled 0: class 0 labels [1,1,0,0], column [0.6,0.2,0.1,0.3]:
    // pairs (0.6,0.1) 1, (0.6,0.3) 1, (0.2,0.1) 1, (0.2,0.3) 0 -> 3/4
    const perClass = rocAucPerClass([0, 0, 2, 2], MULTI_PROBS);
    expect(perClass[0]).toBe(0.75);
    expect(perClass[1]).toBeNaN();
    expect(perClass[2]).toBe(0.875);
    expect(rocAucOneVsRest([0, 0, 2, 2], MULTI_PROBS)).toBeCloseTo((0.75 + 0.875) / 2, 12);
  });

  it('rejects a matrix whose length does not fit the labels, or labels beyond its columns', () => {
    expect(() => rocAucOneVsRest([0, 1], [0.5, 0.5, 1])).toThrow(/expected 2 scores or a row-major 2 x k matrix/);
    expect(() => rocAucOneVsRest([0, 1], [0.5, 0.5])).toThrow(/at least 2 columns/);
    expect(() => rocAucOneVsRest([0, 2], [0.5, 0.5, 0.5, 0.5])).toThrow(/labels\[1\] is 2/);
  });
});
