import type { Logger } from '@scenarios/core';
import {
  createServer,
  type MicroBatcherConfig,
  type ScenarioServer,
  type ServingLimits,
} from '@scenarios/core/serving';
import type { Express } from 'express';
import type { TextClassifier } from './classifier.js';
import { CachedEncoder } from './encoders/embedding-cache.js';
import { textServedModel } from './served-text-model.js';
import { classifyRoute } from './server/classify-route.js';

export interface TextAppOptions {
  /** Texts per request at most (`/v1/classify` and OIP infer). Default 64. */
  maxTexts?: number;
  /** Characters per text at most. Default 20,000. */
  maxTextChars?: number;
  /** Embeddings kept in the LRU cache (0 turns it off). Default 10,000. */
  cacheSize?: number;
  /** Default: core's pino logger on stderr. */
  logger?: Logger;
  /** Core's request limits; the JSON body limit defaults to 4 MiB. */
  limits?: ServingLimits;
  /** Core's micro-batching. Defaults: 32 requests, 2 ms. */
  batching?: MicroBatcherConfig;
}

/** A text-classification server: the app to serve, core's server around the model, and the embedding cache. */
export interface TextApp {
  /** The Express app to listen with (or to test with supertest). */
  app: Express;
  /** Core's server: its context (batcher, metrics) and `close()`, which drains the batcher. */
  server: ScenarioServer;
  /** The encoder with its LRU cache of embeddings (`stats` for hits and misses). */
  encoder: CachedEncoder;
}

/** Default request body limit: 4 MiB. */
export const DEFAULT_JSON_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Builds the text-classification server on core's `createServer`: `/healthz`, `/readyz`,
 * `/metrics`, OIP v2 (`POST /v2/models/{name}/infer` with a `text` BYTES input, outputs
 * `probabilities` and `label`), and `POST /v1/classify` with `{"texts": [...]}`. Both paths go
 * through one micro-batcher and one LRU cache of embeddings. Bad input is a 4xx JSON error.
 *
 * @example
 * const { app } = createApp(await loadClassifier('models/spam'), { logger: silentLogger });
 * await request(app).post('/v1/classify').send({ texts: ['WIN A FREE iPOD', 'lunch at 12?'] });
 * // 200 { model_name: 'spam-assassin-ngram', model_version: '...', results: [{ label: 'spam', scores: { ham: 0.02, spam: 0.98 } }, ...] }
 */
export function createApp(classifier: TextClassifier, options: TextAppOptions = {}): TextApp {
  const limits = { maxTexts: options.maxTexts ?? 64, maxTextChars: options.maxTextChars ?? 20_000 };
  const encoder = new CachedEncoder(classifier.encoder, { maxEntries: options.cacheSize ?? 10_000 });
  const server = createServer({
    model: textServedModel({ classifier, encoder, limits }),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.batching ? { batching: options.batching } : {}),
    limits: { jsonBodyBytes: DEFAULT_JSON_BODY_BYTES, ...options.limits },
    routes: (router, context) => {
      router.post('/classify', classifyRoute({ classifier, context, limits }));
    },
  });
  return { app: server.app, server, encoder };
}
