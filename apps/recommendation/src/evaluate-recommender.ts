import { initBackend, type Logger, silentLogger } from '@scenarios/core';
import { fingerprintFiles, type ModelManifest } from '@scenarios/core/persistence';
import { loadInteractions } from './datasets/load-interactions.js';
import { DATA_FORMATS, type DataFormat } from './datasets/loaded-interactions.js';
import { reindex } from './datasets/merge-feedback.js';
import {
  DEFAULT_PROTOCOL,
  type EvaluationProtocol,
  evaluationSplits,
  recommenderMetrics,
} from './evaluation/recommender-metrics.js';
import { loadRecommender, SCENARIO } from './model/model-dir.js';

export interface EvaluateRecommenderOptions {
  /** Model directory. */
  model: string;
  /** The data the model was trained on (the same splits are rebuilt from the manifest's seed). */
  data: string;
  /** Default: the format the model was trained on, else detected. */
  format?: DataFormat;
  /** Default: silent. */
  logger?: Logger;
}

/** The `evaluate --json` object. */
export interface EvaluationResult {
  scenario: typeof SCENARIO;
  dataset: string;
  split: 'test';
  /** Users evaluated under leave-last-out. */
  n: number;
  metrics: Record<string, number>;
  backend: string;
}

interface TrainingRecord {
  protocol: EvaluationProtocol;
  format?: DataFormat;
  limit?: number;
  feedbackRows: number;
}

/** What the manifest says about the training run, with defaults for anything missing. */
function trainingRecord(manifest: ModelManifest): TrainingRecord {
  const config = (manifest.training?.config ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const data = config.data ?? {};
  const protocol = config.protocol ?? {};
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  const format = DATA_FORMATS.find((name) => name === data.format);
  return {
    protocol: {
      seed: number(protocol.seed, manifest.training?.seed ?? 0),
      testFraction: number(protocol.testFraction, DEFAULT_PROTOCOL.testFraction),
      negatives: number(protocol.negatives, DEFAULT_PROTOCOL.negatives),
      k: number(protocol.k, DEFAULT_PROTOCOL.k),
    },
    ...(format ? { format } : {}),
    ...(typeof data.limit === 'number' ? { limit: data.limit } : {}),
    feedbackRows: number(data.feedback_rows, 0),
  };
}

/**
 * Evaluates a saved recommender on the held-out parts of its data: the splits are rebuilt from
 * the seed, fraction and row limit in the manifest, so they are the ones training held out. Warns
 * when the data is not the data the model was trained on (another fingerprint, or feedback merged
 * by `retrain`), since the held-out parts then differ.
 */
export async function evaluateRecommender(options: EvaluateRecommenderOptions): Promise<EvaluationResult> {
  const logger = options.logger ?? silentLogger;
  const backend = await initBackend({ logger });
  const artifacts = await loadRecommender(options.model, { logger });
  const record = trainingRecord(artifacts.manifest);
  const format = options.format ?? record.format;
  const loaded = await loadInteractions(options.data, {
    logger,
    ...(format ? { format } : {}),
    ...(record.limit === undefined ? {} : { limit: record.limit }),
  });
  const fingerprint = await fingerprintFiles(loaded.files);
  if (artifacts.manifest.data_fingerprint !== undefined && fingerprint !== artifacts.manifest.data_fingerprint) {
    logger.warn({ data: loaded.path }, 'this is not the data the model was trained on: held-out parts differ');
  }
  if (record.feedbackRows > 0) {
    logger.warn(
      { feedback_rows: record.feedbackRows },
      'the model was trained on the data plus feedback: held-out parts differ from training, figures may be optimistic',
    );
  }
  const { data, dropped } = reindex(loaded.interactions, artifacts);
  if (dropped > 0) logger.warn({ dropped }, 'rows with users or items the model does not know were left out');
  const splits = evaluationSplits(data, record.protocol);
  const metrics = recommenderMetrics({
    data,
    splits,
    weights: artifacts.weights,
    protocol: record.protocol,
    ...(artifacts.settings.ratingScale ? { ratingScale: artifacts.settings.ratingScale } : {}),
  });
  return {
    scenario: SCENARIO,
    dataset: loaded.name,
    split: 'test',
    n: splits.cases.cases.length,
    metrics,
    backend: backend.name,
  };
}
