import type { EvaluationResult } from '../evaluate-model.js';
import { confusionMatrixSvg } from './confusion-svg.js';
import { escapeHtml } from './html.js';
import {
  type HeadlineMetrics,
  headlineCards,
  learningCurves,
  mistakesGrid,
  perClassTable,
  topConfusions,
} from './report-sections.js';
import type { EpochRecord } from './training-history.js';
import type { Mistake } from './worst-examples.js';

/** Everything the report page shows. */
export interface ReportPageInput {
  result: EvaluationResult;
  /** Metrics beyond the `evaluate --json` contract, from core's classification report. */
  extra: Pick<HeadlineMetrics, 'log_loss' | 'roc_auc' | 'ece'>;
  model: { name: string; version: string; createdAt: string; dir: string; recipe?: string };
  /** The data path evaluated. */
  data: string;
  history: readonly EpochRecord[];
  mistakes: readonly { mistake: Mistake; png: Buffer }[];
  totalMistakes: number;
  generatedAt: Date;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f6f7f9; color: #1d1d1f; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 12px; }
.meta { color: #555; margin: 0; line-height: 1.6; }
.meta code { font-size: 12px; }
section { background: #fff; border-radius: 10px; padding: 4px 20px 18px; margin-top: 18px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
.card { background: #fff; border-radius: 10px; padding: 14px 18px; min-width: 140px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.card .name { color: #555; font-size: 13px; }
.card .value { font-size: 30px; font-weight: 650; margin: 2px 0; }
.card .note { color: #777; font-size: 12px; }
.matrix { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.matrix svg { max-width: 100%; height: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
table.per-class { border-collapse: collapse; font-size: 14px; }
table.per-class th, table.per-class td { padding: 5px 12px; border-bottom: 1px solid #eee; text-align: left; }
table.per-class td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.per-class td.bar { width: 160px; }
table.per-class td.bar span { display: block; height: 10px; background: #4a7fc1; border-radius: 3px; }
.mistakes { display: grid; grid-template-columns: repeat(auto-fill, minmax(132px, 1fr)); gap: 12px; }
.mistake { margin: 0; background: #fafafa; border: 1px solid #eee; border-radius: 8px; padding: 8px; text-align: center; }
.mistake img { width: 96px; height: 96px; image-rendering: pixelated; object-fit: contain; background: #000; }
.mistake figcaption { font-size: 12px; line-height: 1.45; margin-top: 6px; }
.mistake figcaption span { display: block; }
.mistake .predicted { color: #b2182b; font-weight: 600; }
.mistake .true { color: #1a7f37; }
.mistake .index { color: #888; }
.legend { color: #555; font-size: 13px; max-width: 320px; }
`;

/** The whole report: one self-contained HTML page (inline CSS and SVG, images as data URLs). */
export function renderReportPage(input: ReportPageInput): string {
  const { result, model } = input;
  const { metrics } = result;
  const labels = metrics.per_class.map((row) => row.class_name);
  const title = `${model.name} on ${result.dataset} (${result.split})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Model <b>${escapeHtml(model.name)}</b> version ${escapeHtml(model.version)}${model.recipe ? `, recipe ${escapeHtml(model.recipe)}` : ''}, trained ${escapeHtml(model.createdAt)}<br>
Evaluated on the <b>${escapeHtml(result.split)}</b> split of ${escapeHtml(result.dataset)}: ${result.n} images, backend ${escapeHtml(result.backend)}, ${escapeHtml(input.generatedAt.toISOString())}<br>
<code>${escapeHtml(model.dir)}</code> on <code>${escapeHtml(input.data)}</code></p>
${headlineCards({ accuracy: metrics.accuracy, macro_f1: metrics.macro_f1, n: result.n, ...input.extra })}
<section id="confusion-matrix">
<h2>Confusion matrix</h2>
<div class="matrix">
${confusionMatrixSvg(metrics.confusion_matrix, labels)}
<div class="legend"><p>Rows are the true classes, columns the predictions; each cell counts images.
Blue cells (the diagonal) are as dark as the share of the class classified correctly; red cells are
as dark as the share of the class given that wrong label, the most common confusion darkest.
Hover a cell for its share.</p>
<h3>Most frequent confusions</h3>
${topConfusions(metrics.confusion_matrix, labels)}
</div>
</div>
</section>
<section id="learning-curves">
<h2>Learning curves</h2>
${learningCurves(input.history)}
</section>
<section id="per-class">
<h2>Per class</h2>
${perClassTable(metrics.per_class)}
</section>
<section id="worst-examples">
<h2>Worst-classified examples</h2>
${mistakesGrid(input.mistakes, { classNames: labels, total: input.totalMistakes })}
</section>
</main>
</body>
</html>
`;
}
