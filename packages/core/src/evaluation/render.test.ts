import { describe, expect, it } from 'vitest';
import { precisionRecallF1 } from './classification.js';
import { classificationReport } from './classification-report.js';
import { renderClassificationReport, renderConfusionMatrix, renderPerClassTable } from './render.js';

describe('renderConfusionMatrix', () => {
  it('right-aligns counts under class names', () => {
    expect(
      renderConfusionMatrix(
        [
          [5, 1],
          [0, 13],
        ],
        { classNames: ['cat', 'dog'] },
      ),
    ).toBe(['true \\ pred  cat  dog', 'cat            5    1', 'dog            0   13'].join('\n'));
  });

  it('falls back to class indices', () => {
    expect(renderConfusionMatrix([[1]])).toBe('true \\ pred  0\n0            1');
    expect(() => renderConfusionMatrix([])).toThrow(/confusion matrix is empty/);
  });
});

describe('renderPerClassTable', () => {
  it('prints precision, recall, F1 and support with averaged rows', () => {
    // true [0,0,0,1], pred [0,0,1,1]: class 0 P 1, R 0.667, F1 0.8; class 1 P 0.5, R 1, F1 0.667
    const { perClass, macro } = precisionRecallF1([0, 0, 0, 1], [0, 0, 1, 1]);
    expect(
      renderPerClassTable(perClass, { classNames: ['no', 'yes'], digits: 2, averages: { 'macro avg': macro } }),
    ).toBe(
      [
        '           precision  recall    f1  support',
        'no              1.00    0.67  0.80        3',
        'yes             0.50    1.00  0.67        1',
        'macro avg       0.75    0.83  0.73        4',
      ].join('\n'),
    );
  });
});

describe('renderClassificationReport', () => {
  it('combines the tables and shows n/a for an undefined AUC', () => {
    const text = renderClassificationReport(
      classificationReport({ labels: [1, 1], predictions: [1, 0], probabilities: [0.8, 0.4], classNames: ['a', 'b'] }),
    );
    expect(text).toContain('macro avg');
    expect(text).toMatch(/^roc auc\s+n\/a$/m);
    expect(text).toMatch(/^accuracy\s+0\.500$/m);
    expect(text.endsWith('b            1  1')).toBe(true);
  });
});
