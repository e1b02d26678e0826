import type { RequestHandler, Response } from 'express';
import { ScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendError } from './error-handler.js';

const signals = new WeakMap<Response, AbortSignal>();

/** Default request timeout: 30 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Answers 504 TIMEOUT when a request is not answered within `timeoutMs` (default 30 s), and aborts the
 * request's signal (see `requestSignalOf`) when it times out or the client goes away, so queued work
 * for it is dropped. A handler that finishes late must check the signal (or `res.headersSent`)
 * before answering; an error it throws instead is dropped by `errorHandler`.
 */
export function requestTimeout(options: { timeoutMs?: number; logger: Logger }): RequestHandler {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return (_req, res, next) => {
    const controller = new AbortController();
    signals.set(res, controller.signal);
    const timer = setTimeout(() => {
      const error = new ScenarioError('TIMEOUT', `request not answered within ${timeoutMs} ms`);
      controller.abort(error);
      if (!res.headersSent) sendError(res, error, options.logger);
    }, timeoutMs);
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished && !controller.signal.aborted) {
        controller.abort(new ScenarioError('BAD_REQUEST', 'the client closed the connection'));
      }
    });
    next();
  };
}

/** The signal `requestTimeout()` attached to this response, aborted on timeout or disconnect. */
export function requestSignalOf(res: Response): AbortSignal | undefined {
  return signals.get(res);
}
