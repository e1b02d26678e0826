/**
 * Plain-text tables for terminals: a confusion matrix and a per-class metrics table.
 * Pure functions returning a string without a trailing newline; numbers are right-aligned.
 */
import type { AveragedMetrics, ClassMetrics } from './classification.js';
import type { ClassificationReport } from './classification-report.js';
import { invalidArgument } from './validate.js';

export interface RenderOptions {
  /** Row and column names; default the class indices. */
  classNames?: readonly string[];
  /** Decimal places for ratios. Default 3. */
  digits?: number;
}

function nameOf(c: number, classNames: readonly string[] | undefined): string {
  return classNames?.[c] ?? String(c);
}

/** Lays out rows of cells: the first column left-aligned, the others right-aligned, two spaces apart. */
function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * A confusion matrix with true classes down the side and predicted classes across the top.
 *
 * @example renderConfusionMatrix([[5, 1], [0, 3]], { classNames: ['cat', 'dog'] })
 * // true \ pred  cat  dog
 * // cat            5    1
 * // dog            0    3
 */
export function renderConfusionMatrix(matrix: readonly (readonly number[])[], options: RenderOptions = {}): string {
  if (matrix.length === 0) throw invalidArgument('confusion matrix is empty');
  const names = matrix.map((_, c) => nameOf(c, options.classNames));
  return table([['true \\ pred', ...names], ...matrix.map((row, t) => [names[t] as string, ...row.map(String)])]);
}

/**
 * A per-class table of precision, recall, F1 and support, optionally followed by averaged rows
 * (for example `{ 'macro avg': macro }`), whose support is the total.
 */
export function renderPerClassTable(
  perClass: readonly ClassMetrics[],
  options: RenderOptions & { averages?: Readonly<Record<string, AveragedMetrics>> } = {},
): string {
  const digits = options.digits ?? 3;
  const fixed = (v: number): string => v.toFixed(digits);
  const total = perClass.reduce((s, m) => s + m.support, 0);
  return table([
    ['', 'precision', 'recall', 'f1', 'support'],
    ...perClass.map((m, c) => [
      nameOf(c, options.classNames),
      fixed(m.precision),
      fixed(m.recall),
      fixed(m.f1),
      String(m.support),
    ]),
    ...Object.entries(options.averages ?? {}).map(([name, m]) => [
      name,
      fixed(m.precision),
      fixed(m.recall),
      fixed(m.f1),
      String(total),
    ]),
  ]);
}

/**
 * A classification report for terminals: the per-class table with the macro average,
 * the scalar metrics, and the confusion matrix.
 */
export function renderClassificationReport(report: ClassificationReport, options: { digits?: number } = {}): string {
  const digits = options.digits ?? 3;
  const classNames = report.per_class.map((m) => m.class_name ?? String(m.class_index));
  const macro = { precision: report.macro_precision, recall: report.macro_recall, f1: report.macro_f1 };
  const scalars: [string, number | null | undefined][] = [
    ['accuracy', report.accuracy],
    ['micro f1', report.micro_f1],
    ['weighted f1', report.weighted_f1],
    ['roc auc', report.roc_auc],
    ['pr auc', report.pr_auc],
    ['log loss', report.log_loss],
    ['ece', report.ece],
  ];
  const shown = scalars.filter(([, v]) => v !== undefined);
  return [
    renderPerClassTable(report.per_class, { classNames, digits, averages: { 'macro avg': macro } }),
    table(shown.map(([name, v]) => [name, v === null || v === undefined ? 'n/a' : v.toFixed(digits)])),
    renderConfusionMatrix(report.confusion_matrix, { classNames }),
  ].join('\n\n');
}
