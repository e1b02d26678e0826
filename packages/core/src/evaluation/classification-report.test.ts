import { describe, expect, it } from 'vitest';
import { classificationReport } from './classification-report.js';

describe('classificationReport', () => {
  it('reports a binary problem with P(class 1) scores', () => {
    // labels [0,0,1,1], scores [0.1,0.4,0.35,0.8], predictions = score > 0.5 -> [0,0,0,1]
    // confusion [[2,0],[1,1]]; class 0: P 2/3, R 1, F1 0.8; class 1: P 1, R 1/2, F1 2/3
    // macro P (2/3 + 1)/2 = 0.8333, R 0.75, F1 (0.8 + 0.6667)/2 = 0.7333; micro F1 = accuracy 0.75
    // roc_auc 0.75 and pr_auc 0.8333 (scikit-learn docs example)
    // log_loss: -(ln .9 + ln .6 + ln .35 + ln .8)/4 = (0.105361 + 0.510826 + 1.049822 + 0.223144)/4 = 0.472288
    // ece, 15 bins of width 1/15: 0.1 alone in (1/15, 2/15] -> |0 - 0.1| = 0.1;
    //   0.35 and 0.4 share (5/15, 6/15]: mean 0.375, positives 1/2 -> 0.125; 0.8 alone -> |1 - 0.8| = 0.2
    //   ECE = 0.25 * 0.1 + 0.5 * 0.125 + 0.25 * 0.2 = 0.1375
    const report = classificationReport({
      labels: [0, 0, 1, 1],
      predictions: [0, 0, 0, 1],
      probabilities: [0.1, 0.4, 0.35, 0.8],
      classNames: ['normal', 'pneumonia'],
    });
    expect(report.accuracy).toBe(0.75);
    expect(report.macro_precision).toBeCloseTo(0.8333333333, 9);
    expect(report.macro_recall).toBeCloseTo(0.75, 12);
    expect(report.macro_f1).toBeCloseTo(0.7333333333, 9);
    expect(report.micro_f1).toBeCloseTo(0.75, 12);
    expect(report.weighted_f1).toBeCloseTo(0.7333333333, 9);
    expect(report.confusion_matrix).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(report.per_class[1]).toEqual({
      class_index: 1,
      class_name: 'pneumonia',
      precision: 1,
      recall: 0.5,
      f1: expect.closeTo(2 / 3, 12),
      support: 2,
    });
    expect(report.roc_auc).toBe(0.75);
    expect(report.pr_auc).toBeCloseTo(0.8333333333, 9);
    expect(report.log_loss).toBeCloseTo(0.4722879539, 9);
    expect(report.ece).toBeCloseTo(0.1375, 12);
  });

  it('reports a multi-class problem from a probability matrix', () => {
    // rows [.6,.3,.1] [.2,.5,.3] [.1,.2,.7] [.3,.4,.3], labels [0,1,2,2], argmax predictions [0,1,2,1]
    // one-vs-rest AUC (1 + 1 + 0.875)/3 = 0.9583, AP (1 + 1 + 0.8333)/3 = 0.9444 (see roc-auc and AP tests)
    // log_loss: -(ln .6 + ln .5 + ln .7 + ln .3)/4 = (0.510826 + 0.693147 + 0.356675 + 1.203973)/4 = 0.691155
    const report = classificationReport({
      labels: [0, 1, 2, 2],
      predictions: [0, 1, 2, 1],
      probabilities: Float32Array.from([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3]),
    });
    expect(report.accuracy).toBe(0.75);
    expect(report.per_class.map((m) => m.class_index)).toEqual([0, 1, 2]);
    expect(report.per_class[0]).not.toHaveProperty('class_name');
    expect(report.roc_auc).toBeCloseTo(2.875 / 3, 6);
    expect(report.pr_auc).toBeCloseTo(0.9444444444, 6);
    expect(report.log_loss).toBeCloseTo(0.6911551, 6);
    expect(report.ece).toBeGreaterThan(0);
  });

  it('leaves probability metrics out without probabilities, and serialises to plain JSON', () => {
    const report = classificationReport({ labels: [0, 1, 2], predictions: [0, 1, 1] });
    expect(report).not.toHaveProperty('roc_auc');
    expect(report).not.toHaveProperty('log_loss');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reports roc_auc as null when only one class is present', () => {
    const report = classificationReport({ labels: [1, 1], predictions: [1, 1], probabilities: [0.8, 0.6] });
    expect(report.roc_auc).toBeNull();
    expect(report.pr_auc).toBe(1);
    expect(report.confusion_matrix).toEqual([
      [0, 0],
      [0, 2],
    ]);
  });

  it('rejects inconsistent input', () => {
    expect(() =>
      classificationReport({
        labels: [0, 1],
        predictions: [0, 1],
        probabilities: [0.5, 0.5, 0.5, 0.5],
        classNames: ['a', 'b', 'c'],
      }),
    ).toThrow(/classNames has 3 names but probabilities describe 2 classes/);
    expect(() => classificationReport({ labels: [0, 1], predictions: [0, 2], classNames: ['a', 'b'] })).toThrow(
      /predictions\[1\] is 2, expected an integer in \[0, 1\]/,
    );
    expect(() => classificationReport({ labels: [], predictions: [] })).toThrow(/labels is empty/);
    expect(() => classificationReport({ labels: [0, 1], predictions: [0] })).toThrow(/labels has 2 entries/);
  });
});
