import { describe, expect, it } from 'vitest';
import { chooseOperatingPoints, metricsAtThreshold } from './operating-points.js';

describe('chooseOperatingPoints', () => {
  it('takes the k-th highest positive score for each sensitivity', () => {
    // Positives sorted: 0.9, 0.8, 0.6, 0.3. Target 0.75 -> k = 3 -> 0.6; routine 1 -> k = 4 -> 0.3.
    expect(
      chooseOperatingPoints([1, 1, 1, 1, 0], [0.9, 0.8, 0.6, 0.3, 0.2], {
        targetSensitivity: 0.75,
        routineSensitivity: 1,
      }),
    ).toEqual({ urgent: 0.6, routine: 0.3, target_sensitivity: 0.75, routine_sensitivity: 1 });
  });

  it('reaches the target exactly on round numbers and with defaults 0.95 and 0.99', () => {
    // 20 positives scored 0.01..0.20 (0.20 highest): 0.95 x 20 = 19 -> the 19th highest = 0.02;
    // 0.99 x 20 = 19.8 -> 20th highest = 0.01.
    const scores = Array.from({ length: 20 }, (_, i) => (i + 1) / 100);
    const points = chooseOperatingPoints(Array(20).fill(1), scores);
    expect(points.urgent).toBe(0.02);
    expect(points.routine).toBe(0.01);
    expect(metricsAtThreshold(Array(20).fill(1), scores, points.urgent).sensitivity).toBe(0.95);
  });

  it('refuses inconsistent sensitivities, lengths and data without positives', () => {
    expect(() => chooseOperatingPoints([1], [0.5], { targetSensitivity: 0.99, routineSensitivity: 0.9 })).toThrow(
      /target \(0.99\) <= routine \(0.9\)/,
    );
    expect(() => chooseOperatingPoints([1, 0], [0.5])).toThrow(/2 labels but 1 probabilities/);
    expect(() => chooseOperatingPoints([0, 0], [0.5, 0.1])).toThrow(/positive examples/);
  });
});

describe('metricsAtThreshold', () => {
  it('counts p >= threshold as positive', () => {
    // labels 1 1 1 0 0 0, scores .9 .6 .2 .7 .1 .6 at 0.6: TP 2 (.9, .6), FN 1, FP 2 (.7, .6), TN 1.
    const m = metricsAtThreshold([1, 1, 1, 0, 0, 0], [0.9, 0.6, 0.2, 0.7, 0.1, 0.6], 0.6);
    expect(m).toEqual({
      threshold: 0.6,
      sensitivity: 2 / 3,
      specificity: 1 / 3,
      ppv: 0.5,
      npv: 0.5,
      true_positives: 2,
      false_positives: 2,
      true_negatives: 1,
      false_negatives: 1,
    });
  });

  it('gives 0 for a ratio with nothing to count', () => {
    const m = metricsAtThreshold([1, 0], [0.2, 0.1], 0.5);
    expect([m.sensitivity, m.specificity, m.ppv, m.npv]).toEqual([0, 1, 0, 0.5]);
  });
});
