import { describe, expect, it } from 'vitest';
import { mae, rmse } from './regression.js';

describe('regression metrics', () => {
  // scikit-learn documentation example: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
  // residuals 0.5, -0.5, 0, -1
  const targets = [3, -0.5, 2, 7];
  const predictions = [2.5, 0, 2, 8];

  it('computes MAE', () => {
    // (0.5 + 0.5 + 0 + 1)/4 = 0.5
    expect(mae(targets, predictions)).toBe(0.5);
  });

  it('computes RMSE', () => {
    // MSE = (0.25 + 0.25 + 0 + 1)/4 = 0.375 (sklearn mean_squared_error); RMSE = sqrt(0.375) = 0.612372
    expect(rmse(Float32Array.from(targets), predictions)).toBeCloseTo(0.6123724356957945, 12);
  });

  it('rejects bad input', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/targets has 2 entries but predictions has 1/);
    expect(() => mae([], [])).toThrow(/targets is empty/);
    expect(() => mae([1], [Number.POSITIVE_INFINITY])).toThrow(/predictions\[0\] is Infinity/);
  });
});
