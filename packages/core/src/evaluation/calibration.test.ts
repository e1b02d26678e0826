import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './calibration.js';

describe('expectedCalibrationError', () => {
  it('bins P(class 1) for binary scores and returns the bin table', () => {
    // 2 bins: (0, 0.5] holds 0.3 (label 0): |0 - 0.3| = 0.3; (0.5, 1] holds 0.9 (label 1): |1 - 0.9| = 0.1
    // ECE = 1/2 * 0.3 + 1/2 * 0.1 = 0.2
    const result = expectedCalibrationError([1, 0], [0.9, 0.3], { numBins: 2 });
    expect(result.mode).toBe('positive-class');
    expect(result.ece).toBeCloseTo(0.2, 12);
    expect(result.bins).toEqual([
      { lower: 0, upper: 0.5, count: 1, meanConfidence: 0.3, observedFrequency: 0 },
      { lower: 0.5, upper: 1, count: 1, meanConfidence: 0.9, observedFrequency: 1 },
    ]);
  });

  it('uses the second column of an [n, 2] matrix like binary scores', () => {
    const fromMatrix = expectedCalibrationError([1, 0], [0.1, 0.9, 0.7, 0.3], { numBins: 2 });
    expect(fromMatrix.ece).toBeCloseTo(0.2, 12);
  });

  it('is 0 when the predicted rate matches the observed rate', () => {
    // All four at 0.25, one positive: observed 1/4.
    expect(expectedCalibrationError([0, 1, 0, 0], [0.25, 0.25, 0.25, 0.25]).ece).toBe(0);
  });

  it('puts values on a bin edge in the lower bin, 0 in the first and 1 in the last', () => {
    const { bins } = expectedCalibrationError([0, 1, 1, 0], [0.6, 0, 1, 0.4], { numBins: 5 });
    expect(bins.map((b) => b.count)).toEqual([1, 1, 1, 0, 1]);
    expect(bins[3]).toMatchObject({ count: 0, meanConfidence: null, observedFrequency: null });
  });

  it('compares with the bin edges rather than trusting c * numBins', () => {
    // 0.28 is the edge 7/25, but 0.28 * 25 = 7.000000000000001 would put it in bin 7 (0.28, 0.32].
    expect(expectedCalibrationError([0], [0.28], { numBins: 25 }).bins[6]?.count).toBe(1);
    // 0.33333333333333337 lies just above 1/3, but times 3 it rounds to exactly 1, which would say bin 0.
    expect(expectedCalibrationError([0], [0.33333333333333337], { numBins: 3 }).bins[1]?.count).toBe(1);
  });

  it('bins top-label confidence for multi-class matrices', () => {
    // labels [0,1,2,1]; rows -> argmax, confidence, correct:
    // [.8,.1,.1] -> 0, .8, yes   [.3,.6,.1] -> 1, .6, yes   [.5,.2,.3] -> 0, .5, no   [.1,.2,.7] -> 2, .7, no
    // 2 bins: (0, .5] {.5 wrong}: 1/4 * |0 - .5| = .125
    //         (.5, 1] {.8, .6, .7}: mean .7, accuracy 2/3: 3/4 * |.6667 - .7| = .025 -> ECE .15
    // 15 bins: each sample alone, ECE = (|1-.8| + |1-.6| + |0-.5| + |0-.7|)/4 = 1.8/4 = .45
    const labels = [0, 1, 2, 1];
    const probs = [0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.5, 0.2, 0.3, 0.1, 0.2, 0.7];
    const two = expectedCalibrationError(labels, probs, { numBins: 2 });
    expect(two.mode).toBe('top-label');
    expect(two.ece).toBeCloseTo(0.15, 12);
    expect(two.bins[1]?.observedFrequency).toBeCloseTo(2 / 3, 12);
    const byDefault = expectedCalibrationError(labels, probs);
    expect(byDefault.bins).toHaveLength(15);
    expect(byDefault.bins[14]).toMatchObject({ lower: 14 / 15, upper: 1 });
    expect(byDefault.ece).toBeCloseTo(0.45, 12);
  });

  it('rejects bad input', () => {
    expect(() => expectedCalibrationError([0], [0.5], { numBins: 0 })).toThrow(/numBins must be a positive integer/);
    expect(() => expectedCalibrationError([0], [-0.1])).toThrow(/expected a probability in \[0, 1\]/);
    expect(() => expectedCalibrationError([0, 3], [0.2, 0.3, 0.5, 0.2, 0.3, 0.5])).toThrow(/labels\[1\] is 3/);
    expect(() => expectedCalibrationError([], [])).toThrow(/labels is empty/);
  });
});
