import type { Logger } from '@scenarios/core';
import {
  type BackendSummary,
  createServer,
  layersServedModel,
  type MicroBatcherConfig,
  type ScenarioServer,
  type ServedModel,
  type ServingLimits,
} from '@scenarios/core/serving';
import type { Express } from 'express';
import type { Classifier } from './classifier.js';
import { DEFAULT_MAX_INPUT_PIXELS } from './image-decode.js';
import { classifyRoute } from './server/classify-route.js';
import { RAW_BODY_TYPES } from './server/request-images.js';
import { DEFAULT_TOP_K } from './top-k.js';

export interface ImageAppOptions {
  /** Images per request at most. Default 16. */
  maxImages?: number;
  /** Largest request body (multipart, raw image, or JSON with base64). Default 10 MiB. */
  maxBodyBytes?: number;
  /** Largest image in pixels, checked before decoding. Default 4096 x 4096. */
  maxInputPixels?: number;
  /** Labels per image. Default 5. */
  topK?: number;
  /** Default: core's pino logger on stderr. */
  logger?: Logger;
  /** Core's request limits; the JSON body limit defaults to what `maxBodyBytes` of images take in base64. */
  limits?: ServingLimits;
  /** Core's micro-batching. Defaults: 32 requests, 2 ms. */
  batching?: MicroBatcherConfig;
  /**
   * The model that computes, in place of `classifier.model` in this thread: for example core's
   * `workerServedModel` of the same directory, as `startServer` uses. Its inputs and outputs must
   * be those of the classifier (`image`, `probabilities`).
   */
  servedModel?: ServedModel;
  /** The backend `/readyz` reports. Default: this thread's. */
  backend?: BackendSummary;
}

/** An image-classification server: the app to serve, and core's server around the model. */
export interface ImageApp {
  /** The Express app to listen with (or to test with supertest). */
  app: Express;
  /** Core's server: its context (batcher, metrics) and `close()`, which drains the batcher. */
  server: ScenarioServer;
}

/** What the served model's input and output are called (OIP v2 and `context.infer`). */
export const MODEL_INPUT_NAMES = ['image'];
export const MODEL_OUTPUT_NAMES = ['probabilities'];

/** Default request body limit: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Builds the image-classification server on core's `createServer`: `/healthz`, `/readyz`,
 * `/metrics`, OIP v2 (`POST /v2/models/{name}/infer` with an `image` FP32 [n, h, w, c] tensor,
 * output `probabilities`), and `POST /v1/classify` taking multipart/form-data, a raw
 * image/png|jpeg|webp body or JSON base64 (see `classifyRoute`). Bad input is a 4xx JSON error.
 *
 * @example
 * const { app } = createApp(await loadClassifier('models/fashion'), { logger: silentLogger });
 * await request(app).post('/v1/classify').set('Content-Type', 'image/png').send(png);
 * // 200 { model_name: 'fashion-mnist-strong', model_version: '...', predictions: [{ label: 'Sneaker', probability: 0.97 }, ...] }
 */
export function createApp(classifier: Classifier, options: ImageAppOptions = {}): ImageApp {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const served =
    options.servedModel ??
    layersServedModel({
      name: classifier.manifest.model.name,
      version: classifier.manifest.model.version,
      model: classifier.model,
      inputNames: MODEL_INPUT_NAMES,
      outputNames: MODEL_OUTPUT_NAMES,
    });
  const server = createServer({
    model: served,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.batching ? { batching: options.batching } : {}),
    // Base64 takes 4 bytes for every 3, plus the JSON around it.
    limits: { jsonBodyBytes: Math.ceil((maxBodyBytes * 4) / 3) + 4096, ...options.limits },
    passThroughTypes: RAW_BODY_TYPES,
    routes: (router, context) => {
      router.post(
        '/classify',
        classifyRoute({
          classifier,
          context,
          maxImages: options.maxImages ?? 16,
          maxBodyBytes,
          maxInputPixels: options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS,
          topK: options.topK ?? DEFAULT_TOP_K,
        }),
      );
    },
  });
  return { app: server.app, server };
}
