import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { logLoss } from './log-loss.js';

describe('logLoss', () => {
  it('matches the scikit-learn documentation example, as a matrix and as binary scores', () => {
    // log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616...
    // ham = 0, spam = 1; true-class probabilities .9, .9, .8, .65:
    // -(ln .9 + ln .9 + ln .8 + ln .65)/4 = (0.10536 + 0.10536 + 0.22314 + 0.43078)/4 = 0.216162
    const labels = [1, 0, 0, 1];
    expect(logLoss(labels, [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65])).toBeCloseTo(0.21616187468057912, 12);
    expect(logLoss(labels, Float64Array.from([0.9, 0.1, 0.2, 0.65]))).toBeCloseTo(0.21616187468057912, 12);
  });

  it('uses the true-class column of a multi-class matrix', () => {
    // labels [0, 2]: p = 0.7 and 0.5 -> -(ln 0.7 + ln 0.5)/2 = (0.356675 + 0.693147)/2 = 0.524911
    expect(logLoss([0, 2], [0.7, 0.2, 0.1, 0.2, 0.3, 0.5])).toBeCloseTo(0.5249110622, 9);
  });

  it('clips probabilities to [eps, 1 - eps]', () => {
    // A certain mistake costs -ln(1e-15) = 34.538776 by default, -ln(1e-7) = 16.118096 with eps 1e-7.
    expect(logLoss([1], [0])).toBeCloseTo(34.538776394910684, 9);
    expect(logLoss([0], [1], { eps: 1e-7 })).toBeCloseTo(16.11809565095832, 6);
    // Certain and right: -ln(1 - 1e-15) ~ 1e-15, not 0 and not -0.
    expect(logLoss([0, 1], [0, 1])).toBeCloseTo(0, 12);
  });

  it('rejects bad input', () => {
    expect(() => logLoss([0, 1], [0.5, 1.5])).toThrow(/probabilities\[1\] is 1.5, expected a probability/);
    expect(() => logLoss([0, 2], [0.5, 0.5])).toThrow(/labels\[1\] is 2, expected an integer in \[0, 1\]/);
    expect(() => logLoss([0, 1], [0.5, 0.5, 0.5])).toThrow(/row-major 2 x k matrix/);
    expect(() => logLoss([], [])).toThrow(/labels is empty/);
    expect(() => logLoss([0], [0.5], { eps: 0 })).toThrow(ScenarioError);
  });
});
