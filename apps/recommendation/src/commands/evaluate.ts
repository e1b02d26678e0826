import { type CommandIo, choiceFlag, parseFlags, required } from '@scenarios/core/cli';
import { DATA_FORMATS } from '../datasets/loaded-interactions.js';
import { type EvaluationResult, evaluateRecommender } from '../evaluate-recommender.js';

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

const RANKING_ROWS = [
  ['hit_rate_at_10', 'HR@10'],
  ['ndcg_at_10', 'NDCG@10'],
  ['precision_at_10', 'precision@10'],
  ['recall_at_10', 'recall@10'],
  ['map_at_10', 'MAP@10'],
  ['catalog_coverage_at_10', 'coverage@10'],
  ['sampled_hit_rate_at_10', 'sampled-100 HR@10'],
  ['sampled_ndcg_at_10', 'sampled-100 NDCG@10'],
] as const;

/** A table a person reads: the model beside the popularity baseline, then the rating errors. */
export function formatEvaluation(result: EvaluationResult): string {
  const m = result.metrics;
  const cell = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(4)).padStart(10);
  const lines = [
    `${result.dataset} ${result.split}: ${result.n} users (leave-last-out), backend ${result.backend}`,
    `${'metric'.padEnd(20)}${'model'.padStart(10)}${'popularity'.padStart(12)}`,
    ...RANKING_ROWS.map(([key, label]) => `${label.padEnd(20)}${cell(m[key])}  ${cell(m[`popularity_${key}`])}`),
  ];
  if (m.rmse !== undefined) {
    lines.push(
      `ratings (random split, ${m.rating_test_size} held out): RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae?.toFixed(4)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
