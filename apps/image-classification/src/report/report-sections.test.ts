import { describe, expect, it } from 'vitest';
import { headlineCards, learningCurves, mistakesGrid, perClassTable, topConfusions } from './report-sections.js';

const titles = (html: string) => [...html.matchAll(/aria-label="([^"]+)"/g)].map((m) => m[1]);

describe('report sections', () => {
  it('headline: accuracy as a percentage with the count, and only the metrics there are', () => {
    const html = headlineCards({ accuracy: 0.875, macro_f1: 0.86123, n: 200, roc_auc: null, ece: 0.031 });
    expect(html).toContain('<div class="value">87.50%</div><div class="note">175 of 200 correct</div>');
    expect(html).toContain('<div class="value">0.8612</div>');
    expect(html).toContain(
      '<div class="name">Mistakes</div><div class="value">25</div><div class="note">12.50% of the images</div>',
    );
    expect(html).toContain('<div class="value">0.0310</div>');
    expect(html).not.toContain('ROC-AUC');
    expect(html).not.toContain('Log loss');
  });

  it('learning curves: validation dashed, the learning rate drawn only when it changed', () => {
    const constant = learningCurves([
      { epoch: 0, loss: 1, accuracy: 0.5, lr: 0.001, duration_s: 2, val_loss: 1.1, val_accuracy: 0.4 },
      { epoch: 1, loss: 0.5, accuracy: 0.7, lr: 0.001, duration_s: 3, val_loss: 0.9, val_accuracy: 0.6 },
    ]);
    expect(titles(constant)).toEqual(['Loss', 'Accuracy']);
    expect(constant).toContain('2 epochs in 5.0 s, learning rate 0.001 throughout.');
    expect(constant).toContain('<title>validation epoch 2: 0.9</title>');
    expect(constant.match(/stroke-dasharray/g)).toHaveLength(4); // two validation lines and their legend keys
    const decayed = learningCurves([
      { epoch: 0, loss: 1, lr: 0.002, duration_s: 100 },
      { epoch: 1, loss: 0.5, lr: 0.001, duration_s: 50 },
    ]);
    expect(titles(decayed)).toEqual(['Loss', 'Learning rate']);
    expect(decayed).toContain('<title>lr epoch 2: 1.00e-3</title>');
    expect(decayed).toContain('2 epochs in 2 min 30 s.');
    expect(learningCurves([])).toContain('holds no training history');
  });

  it('per-class rows, confusions and mistakes escape class names', () => {
    const table = perClassTable([
      { class_index: 0, class_name: 'a<b', precision: 1, recall: 0.5, f1: 2 / 3, support: 4 },
    ]);
    expect(table).toContain('<td>a&lt;b</td>');
    expect(table).toContain('>0.6667</td><td class="bar"><span style="width:66.7%"></span></td><td class="num">4</td>');
    expect(
      topConfusions(
        [
          [3, 1, 0],
          [4, 2, 2],
          [0, 2, 5],
        ],
        ['x&y', 'b', 'c'],
      ),
    ).toBe(
      '<ol class="confusions"><li><b>b</b> taken for <b>x&amp;y</b>: 4</li><li><b>b</b> taken for <b>c</b>: 2</li>' +
        '<li><b>c</b> taken for <b>b</b>: 2</li><li><b>x&amp;y</b> taken for <b>b</b>: 1</li></ol>',
    );
    expect(
      topConfusions(
        [
          [2, 0],
          [0, 1],
        ],
        ['a', 'b'],
      ),
    ).toContain('No mistakes');
    expect(mistakesGrid([], { classNames: [], total: 0 })).toContain('No mistakes');
  });
});
