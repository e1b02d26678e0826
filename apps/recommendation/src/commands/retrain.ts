import { existsSync } from 'node:fs';
import { type CommandIo, parseFlags, required } from '@scenarios/core/cli';
import { readManifest } from '@scenarios/core/persistence';
import { DATA_FORMATS } from '../datasets/loaded-interactions.js';
import { defaultFeedbackPath, type FeedbackRow, FeedbackStore } from '../feedback/feedback-store.js';
import { type RankingConfig, type RatingConfig, trainRecommender } from '../train-recommender.js';
import { parseTrainingFlags, TRAINING_FLAGS, TRAINING_FLAGS_USAGE, trainingSummary } from './training-flags.js';

export const RETRAIN_USAGE = `recommendation retrain --model <model-dir> --data <path> --out <model-dir> [--feedback <file.sqlite>]
    ${TRAINING_FLAGS_USAGE}`;

const RANKING_KEYS = [
  'epochs',
  'batchSize',
  'factors',
  'historyLength',
  'learningRate',
  'l2',
  'sampledNegatives',
] as const;
const RATING_KEYS = ['epochs', 'batchSize', 'factors', 'learningRate', 'l2', 'rowL2'] as const;

function pickNumbers<K extends string>(source: unknown, keys: readonly K[]): Partial<Record<K, number>> {
  const record = (typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>;
  const picked: Partial<Record<K, number>> = {};
  for (const key of keys) if (typeof record[key] === 'number') picked[key] = record[key];
  return picked;
}

/**
 * The stored feedback: from `--feedback` (which must exist), else from the model's default store,
 * where no file means no feedback yet.
 */
function readFeedback(explicit: string | undefined, modelDir: string, io: CommandIo): FeedbackRow[] {
  const path = explicit ?? defaultFeedbackPath(modelDir);
  if (explicit === undefined && !existsSync(path)) {
    io.logger.warn({ feedback: path }, 'no feedback stored for this model: retraining on the data alone');
    return [];
  }
  const store = FeedbackStore.open(path, { readonly: true });
  try {
    const rows = store.all();
    io.logger.info({ feedback: path, rows: rows.length }, 'merging stored feedback');
    return rows;
  } finally {
    store.close();
  }
}

/**
 * `retrain`: merges the feedback stored for a model (default `<model-dir>.feedback.sqlite`) with the
 * original data and trains a new model with the old model's settings (flags override them).
 */
export async function retrainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, { ...TRAINING_FLAGS, model: { type: 'string' }, feedback: { type: 'string' } });
  const modelDir = required('model', values.model);
  const out = required('out', values.out);
  const flags = parseTrainingFlags(values);
  const manifest = await readManifest(modelDir);
  const config = (manifest.training?.config ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const feedback = readFeedback(typeof values.feedback === 'string' ? values.feedback : undefined, modelDir, io);
  const previousFormat = DATA_FORMATS.find((name) => name === config.data?.format);
  const previousLimit = config.data?.limit;
  const format = flags.format ?? previousFormat;
  const limit = flags.limit ?? (typeof previousLimit === 'number' ? previousLimit : undefined);
  const ranking: RankingConfig = { ...pickNumbers(config.ranking, RANKING_KEYS), ...flags.ranking };
  const rating: RatingConfig = { ...pickNumbers(config.rating, RATING_KEYS), ...flags.rating };
  const result = await trainRecommender({
    data: required('data', values.data),
    out,
    seed: flags.seed ?? manifest.training?.seed ?? 0,
    name: flags.name ?? manifest.model.name,
    ranking,
    rating,
    feedback,
    overwrite: values.overwrite === true,
    logger: io.logger,
    ...(format ? { format } : {}),
    ...(limit === undefined ? {} : { limit }),
  });
  io.stdout.write(trainingSummary({ ...result, out }));
  return 0;
}
