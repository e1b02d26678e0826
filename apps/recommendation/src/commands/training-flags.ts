import { choiceFlag, integerFlag, numberFlag, type ParsedFlags, TRAIN_FLAGS } from '@scenarios/core/cli';
import { DATA_FORMATS, type DataFormat } from '../datasets/loaded-interactions.js';
import type { RankingConfig, RatingConfig } from '../train-recommender.js';

/** The flags `train` and `retrain` share, for `parseFlags`. */
export const TRAINING_FLAGS = {
  ...TRAIN_FLAGS,
  format: { type: 'string' },
  name: { type: 'string' },
  factors: { type: 'string' },
  'history-length': { type: 'string' },
  'learning-rate': { type: 'string' },
  l2: { type: 'string' },
  'sampled-negatives': { type: 'string' },
  'rating-epochs': { type: 'string' },
  'rating-batch-size': { type: 'string' },
  'rating-factors': { type: 'string' },
  'rating-learning-rate': { type: 'string' },
  'rating-l2': { type: 'string' },
  'rating-row-l2': { type: 'string' },
} as const;

/** Usage lines of the shared flags. */
export const TRAINING_FLAGS_USAGE = `[--epochs N] [--batch-size N] [--seed N] [--limit N]
    [--format movielens|movielens-100k|csv] [--name NAME] [--overwrite]
    [--factors N] [--history-length N] [--learning-rate X] [--l2 X] [--sampled-negatives N]
    [--rating-epochs N] [--rating-batch-size N] [--rating-factors N] [--rating-learning-rate X]
    [--rating-l2 X] [--rating-row-l2 X]`;

/** The training settings given on the command line (absent ones stay absent, for defaults to fill). */
export interface TrainingFlags {
  format?: DataFormat;
  seed?: number;
  limit?: number;
  name?: string;
  ranking: RankingConfig;
  rating: RatingConfig;
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads the shared flags; bad values are usage errors (exit code 2). */
export function parseTrainingFlags(values: ParsedFlags['values']): TrainingFlags {
  const rate = (flag: string) => numberFlag(flag, values[flag], { min: 1e-6, max: 1 });
  const penalty = (flag: string) => numberFlag(flag, values[flag], { min: 0, max: 1000 });
  const format = choiceFlag('format', values.format, DATA_FORMATS);
  const seed = integerFlag('seed', values.seed, 0);
  const limit = integerFlag('limit', values.limit, 1);
  return {
    ...(format ? { format } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(limit === undefined ? {} : { limit }),
    ...(typeof values.name === 'string' ? { name: values.name } : {}),
    ranking: defined({
      epochs: integerFlag('epochs', values.epochs, 1),
      batchSize: integerFlag('batch-size', values['batch-size'], 1),
      factors: integerFlag('factors', values.factors, 1),
      historyLength: integerFlag('history-length', values['history-length'], 1),
      learningRate: rate('learning-rate'),
      l2: penalty('l2'),
      sampledNegatives: integerFlag('sampled-negatives', values['sampled-negatives'], 0),
    }),
    rating: defined({
      epochs: integerFlag('rating-epochs', values['rating-epochs'], 1),
      batchSize: integerFlag('rating-batch-size', values['rating-batch-size'], 1),
      factors: integerFlag('rating-factors', values['rating-factors'], 1),
      learningRate: rate('rating-learning-rate'),
      l2: penalty('rating-l2'),
      rowL2: penalty('rating-row-l2'),
    }),
  };
}

/** The one-line summary `train` and `retrain` print. */
export function trainingSummary(result: {
  manifest: { model: { name: string; version: string } };
  metrics: Record<string, number>;
  backend: { name: string };
  out: string;
}): string {
  const m = result.metrics;
  const f = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(4));
  const rating = m.rmse === undefined ? '' : `rmse ${f(m.rmse)}, mae ${f(m.mae)}, `;
  return (
    `saved ${result.manifest.model.name} version ${result.manifest.model.version} to ${result.out}: ${rating}` +
    `hit_rate@10 ${f(m.hit_rate_at_10)} (popularity ${f(m.popularity_hit_rate_at_10)}), ` +
    `ndcg@10 ${f(m.ndcg_at_10)} (popularity ${f(m.popularity_ndcg_at_10)}), backend ${result.backend.name}\n`
  );
}
