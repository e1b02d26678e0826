import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { requestIdOf } from './request-id.js';

/** Probe and scrape paths, logged at debug level so that they do not drown the requests that matter. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/v2/health/live', '/v2/health/ready']);

/** Logs one line per request when its response ends: request id, method, path, status and duration. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.once('close', () => {
      const entry = {
        requestId: requestIdOf(res),
        method: req.method,
        path: req.originalUrl,
        status: res.writableFinished ? res.statusCode : 'aborted',
        durationMs: Math.round((performance.now() - start) * 10) / 10,
      };
      if (QUIET_PATHS.has(req.path) && res.statusCode < 400) logger.debug(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}
