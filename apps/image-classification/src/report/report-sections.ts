import type { ClassificationMetrics } from '../classifier.js';
import { escapeHtml, mix, percent } from './html.js';
import { lineChartSvg } from './line-chart-svg.js';
import type { EpochRecord } from './training-history.js';
import type { Mistake } from './worst-examples.js';

/** Scalar metrics shown as cards; absent ones are left out. */
export interface HeadlineMetrics {
  accuracy: number;
  macro_f1: number;
  n: number;
  log_loss?: number;
  roc_auc?: number | null;
  ece?: number;
}

/** The headline: big numbers a reader takes in at a glance. */
export function headlineCards(metrics: HeadlineMetrics): string {
  const correct = Math.round(metrics.accuracy * metrics.n);
  const cards: [string, string, string][] = [
    ['Accuracy', percent(metrics.accuracy), `${correct} of ${metrics.n} correct`],
    ['Macro F1', metrics.macro_f1.toFixed(4), 'mean F1 over the classes'],
    ['Mistakes', String(metrics.n - correct), `${percent(1 - metrics.accuracy)} of the images`],
  ];
  if (typeof metrics.roc_auc === 'number') cards.push(['ROC-AUC', metrics.roc_auc.toFixed(4), 'macro, one vs rest']);
  if (metrics.log_loss !== undefined) cards.push(['Log loss', metrics.log_loss.toFixed(4), 'mean cross-entropy']);
  if (metrics.ece !== undefined) cards.push(['ECE', metrics.ece.toFixed(4), 'expected calibration error']);
  return `<div class="cards">${cards
    .map(
      ([name, value, note]) =>
        `<div class="card"><div class="name">${name}</div><div class="value">${value}</div><div class="note">${note}</div></div>`,
    )
    .join('')}</div>`;
}

/** The per-class table: precision, recall and F1 with a bar, and support. */
export function perClassTable(perClass: ClassificationMetrics['per_class']): string {
  const shade = (value: number) => mix([0xfd, 0xe0, 0xdd], [0xd9, 0xf0, 0xd3], value);
  const rows = perClass.map(
    (row) =>
      `<tr><td>${escapeHtml(row.class_name)}</td>` +
      [row.precision, row.recall]
        .map((value) => `<td class="num" style="background:${shade(value)}">${value.toFixed(4)}</td>`)
        .join('') +
      `<td class="num" style="background:${shade(row.f1)}">${row.f1.toFixed(4)}</td>` +
      `<td class="bar"><span style="width:${(100 * row.f1).toFixed(1)}%"></span></td>` +
      `<td class="num">${row.support}</td></tr>`,
  );
  return (
    '<table class="per-class"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th></th><th>support</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** The most frequent confusions (true class, predicted class, count), largest first. */
export function topConfusions(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
  count = 5,
): string {
  const pairs: { t: number; p: number; n: number }[] = [];
  matrix.forEach((row, t) => {
    row.forEach((n, p) => {
      if (p !== t && n > 0) pairs.push({ t, p, n });
    });
  });
  pairs.sort((a, b) => b.n - a.n || a.t - b.t || a.p - b.p);
  if (pairs.length === 0) return '<p>No mistakes: every image got its true class.</p>';
  const name = (c: number) => escapeHtml(classNames[c] ?? String(c));
  return `<ol class="confusions">${pairs
    .slice(0, count)
    .map(({ t, p, n }) => `<li><b>${name(t)}</b> taken for <b>${name(p)}</b>: ${n}</li>`)
    .join('')}</ol>`;
}

/** Learning curves from the training history: loss, accuracy and (when it changed) learning rate. */
export function learningCurves(history: readonly EpochRecord[]): string {
  if (history.length === 0)
    return "<p>The model's manifest holds no training history, so there are no curves to draw.</p>";
  const column = (key: string) => history.map((record) => record[key]);
  const has = (key: string) => history.some((record) => typeof record[key] === 'number');
  const charts = [
    lineChartSvg({
      title: 'Loss',
      series: [
        { name: 'training', values: column('loss'), color: '#1f77b4' },
        ...(has('val_loss')
          ? [{ name: 'validation', values: column('val_loss'), color: '#ff7f0e', dashed: true }]
          : []),
      ],
    }),
  ];
  if (has('accuracy')) {
    charts.push(
      lineChartSvg({
        title: 'Accuracy',
        series: [
          { name: 'training', values: column('accuracy'), color: '#1f77b4' },
          ...(has('val_accuracy')
            ? [{ name: 'validation', values: column('val_accuracy'), color: '#ff7f0e', dashed: true }]
            : []),
        ],
      }),
    );
  }
  const rates = column('lr').filter((lr): lr is number => lr !== undefined);
  if (new Set(rates).size > 1) {
    charts.push(
      lineChartSvg({
        title: 'Learning rate',
        series: [{ name: 'lr', values: column('lr'), color: '#2ca02c' }],
        format: (v) => v.toExponential(2),
      }),
    );
  }
  const seconds = history.reduce((sum, record) => sum + (record.duration_s ?? 0), 0);
  const rate = rates.length > 0 && new Set(rates).size === 1 ? `, learning rate ${rates[0]} throughout` : '';
  return (
    `<p>${history.length} epoch${history.length === 1 ? '' : 's'} in ${formatSeconds(seconds)}${rate}. ` +
    "Training curves are means over each epoch's training batches (with augmentation, when the recipe has some).</p>" +
    `<div class="charts">${charts.join('\n')}</div>`
  );
}

/** The worst-classified examples as a grid of thumbnails with their labels and probabilities. */
export function mistakesGrid(
  mistakes: readonly { mistake: Mistake; png: Buffer }[],
  options: { classNames: readonly string[]; total: number },
): string {
  if (mistakes.length === 0) return '<p>No mistakes to show.</p>';
  const name = (c: number) => escapeHtml(options.classNames[c] ?? String(c));
  const figures = mistakes.map(
    ({ mistake, png }) =>
      `<figure class="mistake"><img src="data:image/png;base64,${png.toString('base64')}" ` +
      `alt="example ${mistake.index}: true ${name(mistake.trueClass)}, predicted ${name(mistake.predictedClass)}">` +
      `<figcaption><span class="predicted">${name(mistake.predictedClass)} ${percent(mistake.confidence, 1)}</span>` +
      `<span class="true">true: ${name(mistake.trueClass)} ${percent(mistake.trueProbability, 1)}</span>` +
      `<span class="index">#${mistake.index}</span></figcaption></figure>`,
  );
  return (
    `<p>The ${mistakes.length} mistakes (of ${options.total}) the model was surest about: its prediction with the ` +
    "probability it gave it, then the true class with its probability, and the image's position in the split.</p>" +
    `<div class="mistakes">${figures.join('')}</div>`
  );
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
