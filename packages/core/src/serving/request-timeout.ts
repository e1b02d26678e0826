import type { RequestHandler, Response } from 'express';
import { ScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendError } from './error-handler.js';

/** Default request timeout: 30 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** One request between its arrival and its response's end. */
interface Pending {
  deadline: number;
  /** Made on the first `requestSignalOf` call: most requests never ask for one. */
  controller?: AbortController;
  /** Why the request was given up, once it was. */
  reason?: ScenarioError;
}

const pendingOf = new WeakMap<Response, Pending>();

/**
 * Answers 504 TIMEOUT when a request is not answered within `timeoutMs` (default 30 s), and aborts the
 * request's signal (see `requestSignalOf`) when it times out or the client goes away, so queued work
 * for it is dropped. A handler that finishes late must check the signal (or `res.headersSent`)
 * before answering; an error it throws instead is dropped by `errorHandler`.
 *
 * Every request has the same timeout, so arrival order is deadline order: one timer, set for the
 * oldest request, serves them all, instead of a timer per request; and a request gets an
 * AbortController only when something asks for its signal.
 */
export function requestTimeout(options: { timeoutMs?: number; logger: Logger }): RequestHandler {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Insertion-ordered, so the first entry has the nearest deadline.
  const waiting = new Map<Response, Pending>();
  let timer: NodeJS.Timeout | undefined;

  const expire = () => {
    timer = undefined;
    const now = Date.now();
    for (const [res, pending] of waiting) {
      if (pending.deadline > now) {
        arm(pending.deadline - now);
        return;
      }
      waiting.delete(res);
      const error = new ScenarioError('TIMEOUT', `request not answered within ${timeoutMs} ms`);
      giveUp(pending, error);
      if (!res.headersSent) sendError(res, error, options.logger);
    }
  };
  const arm = (delayMs: number) => {
    timer = setTimeout(expire, delayMs);
    // Open connections keep a server alive; this timer alone should not.
    timer.unref();
  };

  return (_req, res, next) => {
    const pending: Pending = { deadline: Date.now() + timeoutMs };
    pendingOf.set(res, pending);
    waiting.set(res, pending);
    if (timer === undefined) arm(timeoutMs);
    res.once('close', () => {
      waiting.delete(res);
      if (!res.writableFinished && pending.reason === undefined) {
        giveUp(pending, new ScenarioError('BAD_REQUEST', 'the client closed the connection'));
      }
    });
    next();
  };
}

function giveUp(pending: Pending, reason: ScenarioError): void {
  pending.reason = reason;
  pending.controller?.abort(reason);
}

/** The signal of a request that went through `requestTimeout()`, aborted on timeout or disconnect. */
export function requestSignalOf(res: Response): AbortSignal | undefined {
  const pending = pendingOf.get(res);
  if (pending === undefined) return undefined;
  if (pending.controller === undefined) {
    pending.controller = new AbortController();
    if (pending.reason !== undefined) pending.controller.abort(pending.reason);
  }
  return pending.controller.signal;
}
