import { type Logger, silentLogger } from '@scenarios/core';
import { createServer, type ScenarioServer, type ServingLimits } from '@scenarios/core/serving';
import type { Express } from 'express';
import type { FeedbackStore } from './feedback/feedback-store.js';
import { FeedbackSync } from './feedback/feedback-sync.js';
import { FeedbackWriter } from './feedback/feedback-writer.js';
import type { Recommender } from './recommender.js';
import { recommendationRoutes } from './server/routes.js';
import { recommenderServedModel } from './server/served-model.js';

export interface RecommendationAppOptions {
  /**
   * Where feedback is stored. Its rows are replayed into the recommender when the app is built, and
   * rows other processes add are picked up before each read (see `FeedbackSync`).
   */
  store: FeedbackStore;
  /** k when the request gives none. Default 10. */
  defaultK?: number;
  /** Largest k a request may ask for. Default 100. */
  maxK?: number;
  /** Default: core's pino logger on stderr. */
  logger?: Logger;
  /** Core's request limits (body size, timeout, concurrency). */
  limits?: ServingLimits;
}

/** A recommendation server: the Express app, core's server around it, and the feedback writer. */
export interface RecommendationApp {
  app: Express;
  server: ScenarioServer;
  writer: FeedbackWriter;
  /** Rows of the store replayed at start (`skipped`: items this model does not know). */
  replayed: { applied: number; skipped: number };
}

/** Defaults of `RecommendationAppOptions`. */
export const DEFAULT_K = 10;
export const DEFAULT_MAX_K = 100;

/**
 * Builds the recommendation server on core's `createServer`: `/healthz`, `/readyz`, `/metrics`, the
 * OIP v2 routes (inputs `user`, `item`; outputs `score`, `rating`) and the `/v1` routes of
 * `recommendationRoutes`. Feedback already in the store is applied first; new feedback is written
 * through a group-committing `FeedbackWriter` and applied once committed; feedback other server
 * processes commit to the same store is applied before the next read that depends on it.
 *
 * @example
 * const { app } = createApp(new Recommender(await loadRecommender('models/ml')), { store: FeedbackStore.open('fb.sqlite') });
 * await request(app).get('/v1/users/1/recommendations?k=3');
 * // 200 {"user": 1, "model_name": "...", "strategy": "personalised", "recommendations": [{"item": 1196, "title": "Star Wars: ...", ...}]}
 */
export function createApp(recommender: Recommender, options: RecommendationAppOptions): RecommendationApp {
  const logger = options.logger ?? silentLogger;
  const sync = new FeedbackSync(options.store, (row) => {
    if (!recommender.hasItem(row.item)) return false;
    recommender.recordInteraction(row.user, row.item);
    return true;
  });
  const replayed = sync.sync();
  if (replayed.skipped > 0) logger.warn(replayed, 'stored feedback names items this model does not know');
  const writer = new FeedbackWriter(options.store, { afterCommit: () => sync.sync() });
  const server = createServer({
    model: recommenderServedModel(recommender, sync),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    // Scoring is a host loop per request: batching would only add delay, and would let one bad
    // request fail the others of its batch.
    batching: { maxBatchSize: 1, maxDelayMs: 0 },
    routes: (router) =>
      recommendationRoutes(router, {
        recommender,
        writer,
        sync,
        defaultK: options.defaultK ?? DEFAULT_K,
        maxK: options.maxK ?? DEFAULT_MAX_K,
      }),
  });
  return { app: server.app, server, writer, replayed };
}
