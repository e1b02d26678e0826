import { type CommandIo, choiceFlag, integerFlag, parseFlags, required } from '@scenarios/core/cli';
import { DATA_FORMATS } from '../datasets/labeled-images.js';
import { type EvaluationResult, evaluateModel } from '../evaluate-model.js';

export const EVALUATE_USAGE = `image-classification evaluate --model <model-dir> --data <path> [--split test|train|validation|all]
    [--format idx|cifar10|folder] [--limit N] [--on-corrupt skip|stop] [--json] [--report <dir>]`;

/**
 * `evaluate`: metrics of a saved model on a data split, as text or as one JSON object on stdout;
 * `--report <dir>` also writes an HTML report to `<dir>/index.html`.
 */
export async function evaluateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    format: { type: 'string' },
    limit: { type: 'string' },
    'on-corrupt': { type: 'string' },
    json: { type: 'boolean' },
    report: { type: 'string' },
  });
  const split = choiceFlag('split', values.split, ['test', 'train', 'validation', 'all'] as const);
  const format = choiceFlag('format', values.format, DATA_FORMATS);
  const limit = integerFlag('limit', values.limit, 1);
  const onCorrupt = choiceFlag('on-corrupt', values['on-corrupt'], ['skip', 'stop'] as const);
  const result = await evaluateModel({
    model: required('model', values.model),
    data: required('data', values.data),
    logger: io.logger,
    ...(split ? { split } : {}),
    ...(format ? { format } : {}),
    ...(limit === undefined ? {} : { limit }),
    ...(onCorrupt ? { onCorrupt } : {}),
    ...(values.report === undefined ? {} : { reportDir: required('report', values.report) }),
  });
  io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  return 0;
}

/** A table a person reads: per-class precision, recall, F1 and support, then the scalar metrics. */
export function formatEvaluation(result: EvaluationResult): string {
  const { metrics } = result;
  const width = Math.max(5, ...metrics.per_class.map((row) => row.class_name.length));
  const rows = metrics.per_class.map(
    (row) =>
      `${row.class_name.padEnd(width)}  ${row.precision.toFixed(4)}  ${row.recall.toFixed(4)}  ${row.f1.toFixed(4)}  ${row.support}`,
  );
  return [
    `${'class'.padEnd(width)}  precis  recall  f1      support`,
    ...rows,
    '',
    `${result.dataset} ${result.split}: n ${result.n}, accuracy ${metrics.accuracy.toFixed(4)}, macro F1 ${metrics.macro_f1.toFixed(4)}, backend ${result.backend}`,
    '',
  ].join('\n');
}
