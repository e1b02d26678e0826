import { type CommandIo, choiceFlag, parseFlags, required } from '@scenarios/core/cli';
import { SPLITS } from '../datasets/split.js';
import { evaluateTextModel, type TextEvaluation } from '../evaluate-model.js';
import type { SetMetrics } from '../metrics.js';
import { USE_FLAGS, useSource } from './shared-flags.js';

export const EVALUATE_USAGE = `text-classification evaluate --model <model-dir> --data <path> [--split test|validation|train|all] [--json]
    [--use-model <dir>]`;

/** `evaluate`: metrics of a saved model on a split of a data set, as text or as one JSON object on stdout. */
export async function evaluateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    json: { type: 'boolean' },
    ...USE_FLAGS,
  });
  const split = choiceFlag('split', values.split, SPLITS);
  const use = useSource(values);
  const result = await evaluateTextModel({
    model: required('model', values.model),
    data: required('data', values.data),
    logger: io.logger,
    ...(split ? { split } : {}),
    ...(use ? { use } : {}),
  });
  io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  return 0;
}

/** A table a person reads: per-class precision, recall, F1 and support, the scalar metrics, then each source group. */
export function formatEvaluation(result: TextEvaluation): string {
  const { metrics } = result;
  const lines = [...classTable(metrics), ''];
  lines.push(
    `${result.dataset} ${result.split}: n ${result.n}, ${summary(metrics)}, threshold ${metrics.threshold.toFixed(3)}, backend ${result.backend}`,
  );
  for (const [group, groupMetrics] of Object.entries(metrics.by_group ?? {})) {
    lines.push(`  ${group}: n ${groupMetrics.n}, ${summary(groupMetrics)}`);
  }
  return `${lines.join('\n')}\n`;
}

function classTable(metrics: SetMetrics): string[] {
  const width = Math.max(5, ...metrics.per_class.map((row) => row.class_name.length));
  return [
    `${'class'.padEnd(width)}  precis  recall  f1      support`,
    ...metrics.per_class.map(
      (row) =>
        `${row.class_name.padEnd(width)}  ${row.precision.toFixed(4)}  ${row.recall.toFixed(4)}  ${row.f1.toFixed(4)}  ${row.support}`,
    ),
  ];
}

function summary(metrics: SetMetrics): string {
  const auc = metrics.roc_auc === null ? '' : `, ROC-AUC ${metrics.roc_auc.toFixed(4)}`;
  return `accuracy ${metrics.accuracy.toFixed(4)}, macro F1 ${metrics.macro_f1.toFixed(4)}${auc}`;
}
