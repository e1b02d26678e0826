import { type CommandIo, choiceFlag, parseFlags, required } from '@scenarios/core/cli';
import { DATA_FORMATS } from '../datasets/loaded-interactions.js';
import { type EvaluationResult, evaluateRecommender } from '../evaluate-recommender.js';
import { RANKING_METRIC_LABELS } from '../evaluation/recommender-metrics.js';

export const EVALUATE_USAGE =
  'recommendation evaluate --model <model-dir> --data <path> [--split test] [--format movielens|movielens-100k|csv] [--json]';

/** `evaluate`: the held-out metrics of a saved model, as text or as one JSON object on stdout. */
export async function evaluateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
  });
  choiceFlag('split', values.split, ['test'] as const);
  const format = choiceFlag('format', values.format, DATA_FORMATS);
  const result = await evaluateRecommender({
    model: required('model', values.model),
    data: required('data', values.data),
    logger: io.logger,
    ...(format ? { format } : {}),
  });
  io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  return 0;
}

/** A table a person reads: the model beside the popularity baseline, then the rating errors. */
export function formatEvaluation(result: EvaluationResult): string {
  const m = result.metrics;
  const cell = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(4)).padStart(10);
  const lines = [
    `${result.dataset} ${result.split}: ${result.n} users (leave-last-out), backend ${result.backend}`,
    `${'metric'.padEnd(20)}${'model'.padStart(10)}${'popularity'.padStart(12)}`,
    ...RANKING_METRIC_LABELS.map(
      ([key, label]) => `${label.padEnd(20)}${cell(m[key])}  ${cell(m[`popularity_${key}`])}`,
    ),
  ];
  if (m.rmse !== undefined) {
    lines.push(
      `ratings (random split, ${m.rating_test_size} held out): RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae?.toFixed(4)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
