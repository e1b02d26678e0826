import { describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature, logitsFromProbabilities } from './temperature-scaling.js';

/** Ten examples with logit 1, eight positive: the calibrated probability must be 0.8 = sigmoid(1 / T). */
const LABELS = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
const BEST_T = 1 / Math.log(4); // sigmoid(ln 4) = 4/5

describe('fitTemperature', () => {
  it('finds T with sigmoid(z / T) equal to the observed rate for binary logits', () => {
    const fit = fitTemperature(LABELS, Array(10).fill(1));
    expect(fit.temperature).toBeCloseTo(BEST_T, 5);
    // Before: 0.8 * softplus(-1) + 0.2 * softplus(1) = 0.8 * 0.313262 + 0.2 * 1.313262
    expect(fit.nllBefore).toBeCloseTo(0.8 * 0.3132617 + 0.2 * 1.3132617, 6);
    // After: the entropy of a 0.8 / 0.2 coin, -(0.8 ln 0.8 + 0.2 ln 0.2) = 0.500402
    expect(fit.nllAfter).toBeCloseTo(0.5004024, 6);
    expect(fit.atBound).toBe(false);
  });

  it('gives the same T for the equivalent two-column softmax logits and for log-probabilities', () => {
    const rows = LABELS.flatMap(() => [0, 1]);
    expect(fitTemperature(LABELS, rows).temperature).toBeCloseTo(BEST_T, 5);
    // softmax([0, 1]) = [0.268941, 0.731059]; its logs differ by exactly 1.
    const probabilities = LABELS.flatMap(() => [0.2689414, 0.7310586]);
    const fit = fitTemperature(LABELS, logitsFromProbabilities(probabilities));
    expect(fit.temperature).toBeCloseTo(BEST_T, 4);
  });

  it('reaches the lower bound when every example is right with a margin', () => {
    const fit = fitTemperature([1, 0, 1], [2, -3, 1], { bounds: [0.1, 10] });
    expect(fit.temperature).toBeCloseTo(0.1, 4);
    expect(fit.atBound).toBe(true);
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
  });

  it('minimises the multi-class negative log-likelihood', () => {
    const labels = [0, 1, 2, 1, 0, 2];
    const logits = [3, 0, 1, 0.5, 2, 0, 1, 0, 0.8, 3, 1, 0, 0, 2, 1, 0, 1, 2];
    const nllAt = (t: number) => {
      const p = applyTemperature(logits, t, { numClasses: 3 });
      return -labels.reduce((sum, label, i) => sum + Math.log(p[i * 3 + label] as number), 0) / labels.length;
    };
    const fit = fitTemperature(labels, logits);
    expect(fit.nllAfter).toBeCloseTo(nllAt(fit.temperature), 10);
    expect(fit.nllBefore).toBeCloseTo(nllAt(1), 10);
    expect(nllAt(fit.temperature * 1.01)).toBeGreaterThan(fit.nllAfter);
    expect(nllAt(fit.temperature / 1.01)).toBeGreaterThan(fit.nllAfter);
  });

  it('rejects bad input', () => {
    expect(() => fitTemperature([], [])).toThrow(/labels is empty/);
    expect(() => fitTemperature([0, 1], [1, 2, 3])).toThrow(/3 values, expected 2 scores/);
    expect(() => fitTemperature([0, 2], [1, 2])).toThrow(/labels\[1\] is 2/);
    expect(() => fitTemperature([0], [Number.NaN])).toThrow(/logits\[0\] is NaN/);
    expect(() => fitTemperature([0], [1], { bounds: [2, 1] })).toThrow(/bounds must satisfy/);
  });
});

describe('applyTemperature', () => {
  it('divides binary logits before the sigmoid', () => {
    const [a, b] = applyTemperature([2, -4], 2);
    expect(a).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(b).toBeCloseTo(1 / (1 + Math.exp(2)), 12);
  });

  it('divides softmax logits row by row', () => {
    // [0, ln 9] / 2 = [0, ln 3] -> [1/4, 3/4]; [ln 2, 0] / 1 -> [2/3, 1/3]
    expect(Array.from(applyTemperature([0, Math.log(9)], 2, { numClasses: 2 }))).toEqual([
      expect.closeTo(0.25, 12),
      expect.closeTo(0.75, 12),
    ]);
    expect(Array.from(applyTemperature([Math.log(2), 0], 1, { numClasses: 2 }))).toEqual([
      expect.closeTo(2 / 3, 12),
      expect.closeTo(1 / 3, 12),
    ]);
  });

  it('rejects a temperature that is not positive and a row size that does not divide', () => {
    expect(() => applyTemperature([1], 0)).toThrow(/temperature must be/);
    expect(() => applyTemperature([1, 2, 3], 1, { numClasses: 2 })).toThrow(/numClasses/);
  });
});

describe('logitsFromProbabilities', () => {
  it('takes logs, clipping 0 to epsilon', () => {
    expect(Array.from(logitsFromProbabilities([1, 0.5, 0], { epsilon: 1e-3 }))).toEqual([
      0,
      expect.closeTo(Math.log(0.5), 12),
      expect.closeTo(Math.log(1e-3), 12),
    ]);
    expect(() => logitsFromProbabilities([1.5])).toThrow(/expected a probability/);
  });
});
