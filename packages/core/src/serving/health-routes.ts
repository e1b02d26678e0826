import { Router } from 'express';
import { ScenarioError } from '../errors.js';
import type { ServingContext } from './serving-context.js';

/**
 * Liveness and readiness, in the project's form (`/healthz`, `/readyz`) and the Open Inference
 * Protocol v2 form (`/v2/health/live`, `/v2/health/ready`). Liveness is 200 while the process
 * answers; readiness is 200 only with a ready model and an initialised backend, 503 NOT_READY
 * before that and while shutting down.
 */
export function healthRoutes(context: ServingContext): Router {
  const router = Router();
  const assertReady = (): void => {
    const reason = context.notReadyReason();
    if (reason !== undefined) throw new ScenarioError('NOT_READY', reason);
  };

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    assertReady();
    const backend = context.backend();
    res.json({
      status: 'ready',
      model: { name: context.model.name, version: context.model.version },
      backend: { name: backend?.name, reason: backend?.reason },
    });
  });
  router.get('/v2/health/live', (_req, res) => {
    res.json({ live: true });
  });
  router.get('/v2/health/ready', (_req, res) => {
    assertReady();
    res.json({ ready: true });
  });
  return router;
}
