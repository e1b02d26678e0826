import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { type ErrorCode, httpStatusOf, ScenarioError, toScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { requestIdOf } from './request-id.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/** The 4xx statuses Express and body-parser raise (as http-errors), and the codes they mean here. */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Turns anything thrown into a `ScenarioError`: client errors raised by Express and body-parser keep
 * their meaning (malformed JSON -> BAD_REQUEST, too large -> PAYLOAD_TOO_LARGE, ...), anything else
 * unknown becomes INTERNAL.
 */
export function toHttpError(thrown: unknown): ScenarioError {
  if (thrown instanceof ScenarioError) return thrown;
  if (isClientHttpError(thrown)) {
    const code = CODE_BY_STATUS[thrown.status] ?? 'BAD_REQUEST';
    const message = thrown.type === 'entity.parse.failed' ? `malformed JSON body: ${thrown.message}` : thrown.message;
    return new ScenarioError(code, message, { cause: thrown });
  }
  return toScenarioError(thrown);
}

/**
 * Sends `thrown` as a JSON error response with the status of its code. INTERNAL errors are bugs:
 * their message stays in the log, next to the request id, and the client sees only that id.
 */
export function sendError(res: Response, thrown: unknown, logger: Logger): void {
  const requestId = requestIdOf(res);
  const error = toHttpError(thrown);
  const status = httpStatusOf(error.code);
  const internal = error.code === 'INTERNAL';
  if (internal) logger.error({ requestId, err: thrown }, 'unhandled error');
  else if (status >= 500) logger.warn({ requestId, code: error.code }, error.message);
  else logger.debug({ requestId, code: error.code }, error.message);

  const message = internal ? `internal error (request id ${requestId ?? 'unknown'})` : error.message;
  const body: ErrorBody = { error: { code: error.code, message } };
  if (!internal && error.details !== undefined) body.error.details = error.details;
  res.status(status).json(body);
}

/**
 * The one error middleware of a server: answers with `sendError`. An error raised after the response
 * has started (such as a handler finishing after its request timed out) is logged and dropped.
 */
export function errorHandler(options: { logger: Logger }): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (res.headersSent) {
      options.logger.debug({ requestId: requestIdOf(res), err }, 'error after the response started; dropped');
      // A half-written response cannot be repaired; closing the connection tells the client it failed.
      if (!res.writableEnded) res.destroy();
      return;
    }
    sendError(res, err, options.logger);
  };
}

/** Answers every request no route matched with a 404 NOT_FOUND error. */
export function notFound(): RequestHandler {
  return (req, _res, next) => {
    next(new ScenarioError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
  };
}

interface ClientHttpError {
  status: number;
  message: string;
  type?: string;
}

function isClientHttpError(value: unknown): value is ClientHttpError {
  if (!(value instanceof Error)) return false;
  const { status, expose } = value as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
