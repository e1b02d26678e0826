import { classificationReport, rocAuc } from '@scenarios/core/evaluation';
import type { TaskKind } from './datasets/labeled-texts.js';
import { decideAll } from './decisions.js';

/** Precision, recall, F1 and support of one class (or, multi-label, one label). */
export interface ClassRow {
  class_index: number;
  class_name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The metrics of one set of texts. */
export interface SetMetrics {
  n: number;
  /** Single-label: fraction right. Multi-label: fraction whose whole label set is right. */
  accuracy: number;
  macro_f1: number;
  per_class: ClassRow[];
  /** Binary: ROC-AUC of P(class 1); multi-class and multi-label: macro one-vs-rest; null when undefined. */
  roc_auc: number | null;
  /** Single-label: rows are true classes, columns predicted ones. */
  confusion_matrix?: number[][];
  /** Multi-label: F1 of the pooled label decisions. */
  micro_f1?: number;
}

/** The `metrics` of `evaluate --json`: the whole set, the threshold used, and per source group. */
export interface TextMetrics extends SetMetrics {
  threshold: number;
  by_group?: Record<string, SetMetrics>;
}

export interface MetricsInput {
  task: TaskKind;
  classNames: readonly string[];
  /** Row-major [n, classes]. */
  probabilities: Float32Array;
  /** single-label: class per text. */
  labels?: Int32Array;
  /** multi-label: row-major [n, classes] of 0/1. */
  multiHot?: Uint8Array;
  threshold: number;
  /** Source group per text: adds `by_group`. */
  groups?: readonly string[];
}

/**
 * Accuracy, macro F1, per-class precision/recall/F1 and ROC-AUC of predictions decided with the
 * model's rule (binary threshold, argmax, or per-label threshold), overall and per source group.
 * Single-label metrics come from core's classification report.
 */
export function textMetrics(input: MetricsInput): TextMetrics {
  const rows = Array.from({ length: input.probabilities.length / input.classNames.length }, (_, i) => i);
  const overall = setMetrics(input, rows);
  if (!input.groups) return { ...overall, threshold: input.threshold };
  const byGroup: Record<string, number[]> = {};
  input.groups.forEach((group, i) => {
    const members = byGroup[group];
    if (members) members.push(i);
    else byGroup[group] = [i];
  });
  const by_group = Object.fromEntries(
    Object.keys(byGroup)
      .sort()
      .map((group) => [group, setMetrics(input, byGroup[group] as number[])]),
  );
  return { ...overall, threshold: input.threshold, by_group };
}

function setMetrics(input: MetricsInput, rows: readonly number[]): SetMetrics {
  const k = input.classNames.length;
  const probabilities = new Float32Array(rows.length * k);
  rows.forEach((row, i) => {
    probabilities.set(input.probabilities.subarray(row * k, (row + 1) * k), i * k);
  });
  const decided = decideAll(probabilities, k, { task: input.task, threshold: input.threshold });
  if (input.task === 'single-label') {
    const labels = Int32Array.from(rows, (row) => input.labels?.[row] as number);
    const report = classificationReport({
      labels,
      predictions: decided.map((classes) => classes[0] as number),
      probabilities,
      classNames: input.classNames,
    });
    return {
      n: rows.length,
      accuracy: report.accuracy,
      macro_f1: report.macro_f1,
      per_class: report.per_class.map((row) => ({ ...row, class_name: input.classNames[row.class_index] as string })),
      roc_auc: report.roc_auc ?? null,
      confusion_matrix: report.confusion_matrix,
    };
  }
  return multiLabelMetrics({ input, rows, probabilities, decided });
}

function multiLabelMetrics(args: {
  input: MetricsInput;
  rows: readonly number[];
  probabilities: Float32Array;
  decided: number[][];
}): SetMetrics {
  const { input, rows, probabilities, decided } = args;
  const k = input.classNames.length;
  const truth = (i: number, c: number) => input.multiHot?.[(rows[i] as number) * k + c] === 1;
  let exact = 0;
  const counts = input.classNames.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  decided.forEach((classes, i) => {
    const chosen = new Set(classes);
    let same = true;
    counts.forEach((count, c) => {
      const t = truth(i, c);
      const p = chosen.has(c);
      if (t && p) count.tp++;
      else if (p) count.fp++;
      else if (t) count.fn++;
      if (t !== p) same = false;
    });
    if (same) exact++;
  });
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const per_class: ClassRow[] = counts.map(({ tp, fp, fn }, c) => ({
    class_index: c,
    class_name: input.classNames[c] as string,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    support: tp + fn,
  }));
  const pooled = counts.reduce((sum, { tp, fp, fn }) => ({ tp: sum.tp + tp, fp: sum.fp + fp, fn: sum.fn + fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  const aucs = input.classNames
    .map((_, c) =>
      rocAuc(
        rows.map((_, i) => (truth(i, c) ? 1 : 0)),
        rows.map((_, i) => probabilities[i * k + c] as number),
      ),
    )
    .filter((auc) => !Number.isNaN(auc));
  return {
    n: rows.length,
    accuracy: ratio(exact, rows.length),
    macro_f1: per_class.reduce((sum, row) => sum + row.f1, 0) / k,
    micro_f1: ratio(2 * pooled.tp, 2 * pooled.tp + pooled.fp + pooled.fn),
    per_class,
    roc_auc: aucs.length === 0 ? null : aucs.reduce((a, b) => a + b, 0) / aucs.length,
  };
}
