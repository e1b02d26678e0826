import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { accuracy, confusionMatrix, metricsFromConfusion, precisionRecallF1 } from './classification.js';

function invalid(fn: () => unknown, message: RegExp): void {
  expect(fn).toThrow(ScenarioError);
  expect(fn).toThrow(message);
  try {
    fn();
  } catch (error) {
    expect((error as ScenarioError).code).toBe('INVALID_ARGUMENT');
  }
}

describe('accuracy', () => {
  it('counts matching labels', () => {
    // 4 of 5 match (index 1: 1 vs 2).
    expect(accuracy([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])).toBe(0.8);
  });

  it('accepts typed arrays', () => {
    expect(accuracy(Int32Array.from([1, 1, 0, 0]), Float32Array.from([1, 0, 0, 0]))).toBe(0.75);
  });

  it('rejects bad input', () => {
    invalid(() => accuracy([], []), /labels is empty/);
    invalid(() => accuracy([0, 1], [0]), /labels has 2 entries but predictions has 1/);
    invalid(() => accuracy([0, -1], [0, 1]), /labels\[1\] is -1/);
    invalid(() => accuracy([0, 1], [0, 0.5]), /predictions\[1\] is 0.5/);
  });
});

describe('confusionMatrix', () => {
  it('matches the scikit-learn documentation example (rows = true, columns = predicted)', () => {
    // sklearn.metrics.confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('is not symmetric: a true 1 predicted 0 lands in row 1, column 0', () => {
    expect(confusionMatrix([1], [0], { numClasses: 2 })).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('pads to numClasses and rejects labels at or above it', () => {
    expect(confusionMatrix([0], [0], { numClasses: 3 })).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    invalid(
      () => confusionMatrix([0, 3], [0, 1], { numClasses: 3 }),
      /labels\[1\] is 3, expected an integer in \[0, 2\]/,
    );
    invalid(() => confusionMatrix([0], [0], { numClasses: 0 }), /numClasses must be a positive integer/);
  });

  it('refuses an absurd class count instead of allocating it', () => {
    invalid(() => confusionMatrix([0, 1e9], [0, 1]), /1000000001 classes is larger than the 4096 supported/);
  });

  it('handles a large input without overflowing the stack', () => {
    const labels = new Int32Array(300_000).map((_, i) => i % 3);
    expect(confusionMatrix(labels, labels)[2]?.[2]).toBe(100_000);
  });
});

describe('precisionRecallF1', () => {
  it('matches the scikit-learn precision_score / f1_score documentation example', () => {
    // y_true = [0,1,2,0,1,2], y_pred = [0,2,1,0,0,1]
    // class 0: predicted at 0,3,4 (2 correct) -> P = 2/3, R = 2/2 = 1, F1 = 2*(2/3)/(5/3) = 0.8
    // class 1: predicted at 2,5, both wrong -> P = 0, R = 0, F1 = 0
    // class 2: predicted at 1, wrong        -> P = 0, R = 0, F1 = 0
    // macro P = 2/9 = 0.2222, macro R = 1/3, macro F1 = 0.8/3 = 0.2667; micro = 2/6
    const result = precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
    expect(result.perClass[0]?.precision).toBeCloseTo(2 / 3, 12);
    expect(result.perClass[0]?.f1).toBeCloseTo(0.8, 12);
    expect(result.perClass.map((m) => m.support)).toEqual([2, 2, 2]);
    expect(result.macro.precision).toBeCloseTo(0.2222222222, 9);
    expect(result.macro.recall).toBeCloseTo(1 / 3, 12);
    expect(result.macro.f1).toBeCloseTo(0.2666666667, 9);
    expect(result.micro.precision).toBeCloseTo(1 / 3, 12);
    expect(result.micro.recall).toBeCloseTo(1 / 3, 12);
    expect(result.micro.f1).toBeCloseTo(1 / 3, 12);
    // Equal supports: weighted equals macro (sklearn: 0.2222 and 0.2667).
    expect(result.weighted.precision).toBeCloseTo(0.2222222222, 9);
    expect(result.weighted.f1).toBeCloseTo(0.2666666667, 9);
  });

  it('weights by support and uses mean-of-F1 for macro', () => {
    // true [0,0,0,1], pred [0,0,1,1]
    // class 0: P = 2/2 = 1, R = 2/3, F1 = 2*(2/3)/(5/3) = 0.8, support 3
    // class 1: P = 1/2, R = 1/1 = 1, F1 = 2*(1/2)/(3/2) = 2/3, support 1
    // macro F1 = (0.8 + 0.6667)/2 = 0.7333 (F1 of macro P 0.75 and R 0.8333 would be 0.7895)
    // weighted F1 = (3*0.8 + 1*0.6667)/4 = 0.7667; micro = accuracy = 0.75
    const result = precisionRecallF1([0, 0, 0, 1], [0, 0, 1, 1]);
    expect(result.macro.f1).toBeCloseTo(0.7333333333, 9);
    expect(result.weighted.f1).toBeCloseTo(0.7666666667, 9);
    expect(result.weighted.recall).toBeCloseTo(0.75, 12);
    expect(result.micro.f1).toBeCloseTo(0.75, 12);
  });

  it('uses zero_division=0 for a class that is never predicted', () => {
    // true [0,0,1], pred [0,0,0]: class 1 has no predicted positives -> P = 0, R = 0/1 = 0, F1 = 0
    // class 0: P = 2/3, R = 1, F1 = 0.8 -> macro F1 = 0.4
    const result = precisionRecallF1([0, 0, 1], [0, 0, 0]);
    expect(result.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(result.macro.f1).toBeCloseTo(0.4, 12);
  });

  it('leaves classes absent from labels and predictions out of the macro average', () => {
    const result = precisionRecallF1([0, 1], [0, 1], { numClasses: 4 });
    expect(result.perClass).toHaveLength(4);
    expect(result.perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(result.macro.f1).toBe(1);
  });
});

describe('metricsFromConfusion', () => {
  it('rejects a matrix that is not square counts', () => {
    invalid(() => metricsFromConfusion([]), /confusion matrix is empty/);
    invalid(() => metricsFromConfusion([[1, 0], [1]]), /row 1 has 1 entries, expected 2/);
    invalid(
      () =>
        metricsFromConfusion([
          [1, -1],
          [0, 1],
        ]),
      /\[0\]\[1\] is -1/,
    );
  });
});
