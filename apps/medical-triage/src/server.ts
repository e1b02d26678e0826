import type { Logger } from '@scenarios/core';
import {
  createServer,
  layersServedModel,
  type MicroBatcherConfig,
  type ScenarioServer,
  type ServingLimits,
} from '@scenarios/core/serving';
import type { Express } from 'express';
import type { AuditStore } from './audit/audit-store.js';
import { DEFAULT_MAX_INPUT_PIXELS } from './input/decode-input.js';
import { AUDIT_TOKEN_ENV, auditRoute } from './server/audit-route.js';
import { RAW_INPUT_TYPES } from './server/request-input.js';
import { triageRoute } from './server/triage-route.js';
import type { TriageModel } from './triage-model.js';

export interface TriageAppOptions {
  /** Where every decision is appended. */
  audit: AuditStore;
  /** Bearer token of `GET /v1/audit`. Default: `process.env.MEDICAL_TRIAGE_AUDIT_TOKEN`; none closes the trail. */
  auditToken?: string;
  /** Largest input (raw body, or decoded base64). Default 32 MiB. */
  maxBodyBytes?: number;
  /** Largest image in pixels, checked before decoding. Default 4096 x 4096. */
  maxInputPixels?: number;
  /** Default: core's pino logger on stderr. */
  logger?: Logger;
  /** Core's request limits; the JSON body limit defaults to what `maxBodyBytes` take in base64. */
  limits?: ServingLimits;
  /** Core's micro-batching. Defaults: 32 requests, 2 ms. */
  batching?: MicroBatcherConfig;
}

/** A triage server: the app to serve, and core's server around the model. */
export interface TriageApp {
  app: Express;
  server: ScenarioServer;
}

/** Default largest input: 32 MiB (a 4096 x 4096 16-bit DICOM frame with its header). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Builds the triage server on core's `createServer`: `/healthz`, `/readyz`, `/metrics`, OIP v2
 * (`POST /v2/models/{name}/infer` with an `image` FP32 [n, h, w, c] tensor in [0, 1], output
 * `probabilities`, uncalibrated), `POST /v1/triage` (see `triageRoute`) and `GET /v1/audit`
 * (see `auditRoute`). Bad input is a 4xx JSON error and leaves the audit trail untouched.
 *
 * @example
 * const { app } = createApp(await loadTriageModel('models/pneumonia'), { audit: AuditStore.open('audit.sqlite') });
 * await request(app).post('/v1/triage').set('Content-Type', 'application/dicom').send(dicomBytes);
 * // 200 { priority: 'urgent', probability: 0.97, thresholds: {...}, model_version: '...', request_id: '...', notice: '...' }
 */
export function createApp(triage: TriageModel, options: TriageAppOptions): TriageApp {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const served = layersServedModel({
    name: triage.manifest.model.name,
    version: triage.manifest.model.version,
    model: triage.model,
    inputNames: ['image'],
    outputNames: ['probabilities'],
  });
  const server = createServer({
    model: served,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.batching ? { batching: options.batching } : {}),
    // Base64 takes 4 bytes for every 3, plus the JSON around it.
    limits: { jsonBodyBytes: Math.ceil((maxBodyBytes * 4) / 3) + 4096, ...options.limits },
    passThroughTypes: Object.keys(RAW_INPUT_TYPES),
    routes: (router, context) => {
      router.post(
        '/triage',
        triageRoute({
          triage,
          context,
          audit: options.audit,
          maxBodyBytes,
          maxInputPixels: options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS,
        }),
      );
      router.get(
        '/audit',
        auditRoute({ audit: options.audit, token: options.auditToken ?? process.env[AUDIT_TOKEN_ENV] }),
      );
    },
  });
  return { app: server.app, server };
}
