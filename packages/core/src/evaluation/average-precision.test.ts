import { describe, expect, it } from 'vitest';
import { averagePrecision, averagePrecisionOneVsRest } from './average-precision.js';

describe('averagePrecision', () => {
  it('matches the scikit-learn documentation example', () => {
    // Descending: 0.8 (1), 0.4 (0), 0.35 (1), 0.1 (0); P = 2 positives.
    // thresholds: 0.8 -> R 1/2, P 1/1; 0.4 -> R 1/2, P 1/2; 0.35 -> R 1, P 2/3; 0.1 -> R 1, P 2/4
    // AP = (1/2 - 0)*1 + 0*(1/2) + (1 - 1/2)*(2/3) + 0 = 0.8333...
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333, 9);
  });

  it('treats tied scores as one threshold', () => {
    // labels [0,1,1,0,1], scores [0.9,0.8,0.8,0.3,0.1]; 3 positives.
    // 0.9: tp 0 of 1 -> R 0; 0.8: tp 2 of 3 -> R 2/3, P 2/3 -> +(2/3)(2/3) = 4/9
    // 0.3: tp 2 of 4 -> R unchanged; 0.1: tp 3 of 5 -> R 1, P 3/5 -> +(1/3)(3/5) = 1/5
    // AP = 4/9 + 1/5 = 29/45 = 0.6444 (breaking the tie by position would give 0.5889)
    expect(averagePrecision([0, 1, 1, 0, 1], [0.9, 0.8, 0.8, 0.3, 0.1])).toBeCloseTo(29 / 45, 12);
  });

  it('is 1 for a perfect ranking and NaN with no positives', () => {
    expect(averagePrecision([1, 1, 0], [0.9, 0.8, 0.1])).toBe(1);
    expect(averagePrecision([0, 0, 0], [0.9, 0.8, 0.1])).toBeNaN();
  });

  it('rejects bad input', () => {
    expect(() => averagePrecision([0, 1, 1], [0.1, 0.2])).toThrow(/labels has 3 entries but scores has 2/);
    expect(() => averagePrecision([0, 3], [0.1, 0.2])).toThrow(/labels\[1\] is 3/);
  });
});

describe('averagePrecisionOneVsRest', () => {
  it('averages per-class AP', () => {
    // labels [0,1,2,2], rows [0.6,0.3,0.1] [0.2,0.5,0.3] [0.1,0.2,0.7] [0.3,0.4,0.3]
    // class 0: top score 0.6 is the only positive -> 1; class 1: top score 0.5 is the positive -> 1
    // class 2: column [0.1,0.3,0.7,0.3]: 0.7 -> R 1/2, P 1 (+1/2); 0.3 -> tp 2 of 3, R 1 (+1/2 * 2/3)
    //          -> 0.8333; macro = (1 + 1 + 0.8333)/3 = 0.9444
    const probs = [0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3];
    expect(averagePrecisionOneVsRest([0, 1, 2, 2], probs)).toBeCloseTo(0.9444444444, 9);
  });
});
