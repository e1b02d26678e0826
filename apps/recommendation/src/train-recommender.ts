import { type BackendInfo, initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { fingerprintFiles, type ModelManifest } from '@scenarios/core/persistence';
import type { Interactions } from './datasets/interactions.js';
import { type LoadedData, loadInteractions } from './datasets/load-interactions.js';
import type { DataFormat } from './datasets/loaded-interactions.js';
import { mergeFeedback } from './datasets/merge-feedback.js';
import {
  DEFAULT_PROTOCOL,
  type EvaluationProtocol,
  evaluationSplits,
  recommenderMetrics,
} from './evaluation/recommender-metrics.js';
import type { FeedbackInput } from './feedback/feedback-store.js';
import { saveRecommender } from './model/model-dir.js';
import { readWeights } from './model/model-weights.js';
import { buildRecommenderModel } from './model/recommender-model.js';
import { rowMask } from './splits.js';
import { userSequences } from './training/history-examples.js';
import { RANKING_TRAINING_DEFAULTS, type RankingTrainingOptions, trainRankingHead } from './training/train-ranking.js';
import { RATING_TRAINING_DEFAULTS, type RatingTrainingOptions, trainRatingHead } from './training/train-rating.js';

/** Hyper-parameters of the ranking model. */
export type RankingConfig = Omit<RankingTrainingOptions, 'seed' | 'signal' | 'logger' | 'historyLength'> & {
  /** Embedding width. Default 64. */
  factors?: number;
  /** Most recent items the user tower reads. Default 10. */
  historyLength?: number;
};

/** Hyper-parameters of the rating model. */
export type RatingConfig = Omit<RatingTrainingOptions, 'seed' | 'signal' | 'logger'> & {
  /** Latent factors. Default 64. */
  factors?: number;
};

export interface TrainRecommenderOptions {
  /** Data path (see `loadInteractions`). */
  data: string;
  /** Model directory to write. */
  out: string;
  format?: DataFormat;
  /** First N rows only. */
  limit?: number;
  /** Seeds the initialisers, the shuffles, the rating split and the sampled negatives. Default 0. */
  seed?: number;
  /** Replace an existing model directory. Default false. */
  overwrite?: boolean;
  /** Model name. Default `<data name>-recommender`. */
  name?: string;
  ranking?: RankingConfig;
  rating?: RatingConfig;
  /** Feedback merged into the data before anything else (retrain). */
  feedback?: readonly FeedbackInput[];
  signal?: AbortSignal;
  /** Progress (one line per epoch) and notes. Default silent. */
  logger?: Logger;
}

export interface TrainRecommenderResult {
  manifest: ModelManifest;
  metrics: Record<string, number>;
  dataset: string;
  backend: BackendInfo;
  /** Interactions trained on (after merging feedback). */
  interactions: number;
}

/** A sortable version such as `20261128T175500Z`. */
function versionStamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function ratingScaleOf(data: Interactions): [number, number] | undefined {
  if (!data.ratings) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const rating of data.ratings) {
    if (Number.isNaN(rating)) continue;
    min = Math.min(min, rating);
    max = Math.max(max, rating);
  }
  return [min, max];
}

/**
 * Trains and saves a recommender: loads the data (merging `feedback`), splits it by the seed
 * (random 80/20 of the ratings; per-user leave-last-out), trains the ranking model on the
 * leave-last-out training rows and, for explicit data, the rating model on the rating training
 * rows, evaluates both and the popularity baseline on the held-out parts, and saves the model
 * directory with every user's full history (what the server excludes and reads).
 */
export async function trainRecommender(options: TrainRecommenderOptions): Promise<TrainRecommenderResult> {
  const logger = options.logger ?? silentLogger;
  const backend = await initBackend({ logger });
  const seed = options.seed ?? 0;
  const loaded: LoadedData = await loadInteractions(options.data, {
    logger,
    ...(options.format ? { format: options.format } : {}),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  const data = options.feedback?.length ? mergeFeedback(loaded.interactions, options.feedback) : loaded.interactions;
  logger.info(
    {
      rows: data.users.length,
      users: data.userIds.length,
      items: data.itemIds.length,
      feedback: options.feedback?.length ?? 0,
    },
    `loaded ${loaded.name} (${loaded.format})`,
  );
  const protocol: EvaluationProtocol = { ...DEFAULT_PROTOCOL, seed };
  const splits = evaluationSplits(data, protocol);
  if (splits.cases.cases.length === 0) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      'no user has two interactions: there is nothing to train or evaluate on',
    );
  }
  const ranking = { factors: 64, historyLength: 10, ...RANKING_TRAINING_DEFAULTS, ...options.ranking };
  const rating = { factors: 64, ...RATING_TRAINING_DEFAULTS, ...options.rating };
  const ratingScale = ratingScaleOf(data);
  const ratingRows = splits.rating?.train;
  let globalMean = 0;
  if (ratingRows && data.ratings) {
    for (const row of ratingRows) globalMean += data.ratings[row] as number;
    globalMean /= Math.max(1, ratingRows.length);
  }
  const model = buildRecommenderModel({
    numUsers: data.userIds.length,
    numItems: data.itemIds.length,
    rankingFactors: ranking.factors,
    historyLength: ranking.historyLength,
    ...(ratingRows && ratingRows.length > 0 ? { rating: { factors: rating.factors, globalMean } } : {}),
    seed,
  });
  try {
    const common = { seed, logger, ...(options.signal ? { signal: options.signal } : {}) };
    await trainRankingHead(model, userSequences(data, rowMask(data.users.length, splits.ranking.train)), {
      ...ranking,
      ...common,
    });
    if (ratingRows && ratingRows.length > 0 && data.ratings) {
      const ratings = data.ratings;
      await trainRatingHead(
        model,
        {
          users: Int32Array.from(ratingRows, (row) => data.users[row] as number),
          items: Int32Array.from(ratingRows, (row) => data.items[row] as number),
          ratings: Float32Array.from(ratingRows, (row) => ratings[row] as number),
        },
        { ...rating, ...common },
      );
    }
    if (options.signal?.aborted) throw new ScenarioError('INTERNAL', 'training was aborted');
    const weights = readWeights(model, { historyLength: ranking.historyLength });
    const metrics = recommenderMetrics({ data, splits, weights, protocol, ...(ratingScale ? { ratingScale } : {}) });
    const manifest = await saveRecommender(options.out, {
      model,
      manifest: {
        scenario: 'recommendation',
        model: { name: options.name ?? `${loaded.name}-recommender`, version: versionStamp() },
        training: {
          seed,
          config: {
            data: {
              name: loaded.name,
              format: loaded.format,
              limit: options.limit ?? null,
              feedback_rows: options.feedback?.length ?? 0,
            },
            ranking: { model: 'next-item two-tower (mean of recent item embeddings), full softmax', ...ranking },
            ...(weights.rating
              ? { rating: { model: 'biased matrix factorisation', ...rating, global_mean: globalMean } }
              : {}),
            protocol: { rating_split: 'random', ranking_split: 'leave-last-out', ...protocol },
          },
        },
        data_fingerprint: await fingerprintFiles(loaded.files),
        metrics,
      },
      settings: { historyLength: ranking.historyLength, ...(ratingScale ? { ratingScale } : {}) },
      userIds: data.userIds,
      itemIds: data.itemIds,
      itemInfo: data.itemInfo,
      histories: userSequences(data),
      overwrite: options.overwrite ?? false,
      logger,
    });
    return { manifest, metrics, dataset: loaded.name, backend, interactions: data.users.length };
  } finally {
    model.dispose();
  }
}
