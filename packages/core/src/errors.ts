/**
 * One error type for the whole toolkit, with a closed set of codes.
 *
 * Library code throws `ScenarioError`; CLIs map it to an exit code and servers to an
 * HTTP status through the single tables below, so a code means the same thing everywhere.
 */

export const ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_ARGUMENT',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'CONFLICT',
  'DATA_NOT_FOUND',
  'DATA_CORRUPT',
  'CHECKSUM_MISMATCH',
  'MODEL_NOT_FOUND',
  'MODEL_INVALID',
  'NOT_TRAINED',
  'TIMEOUT',
  'OVERLOADED',
  'NOT_READY',
  'BACKEND_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_ARGUMENT: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  CONFLICT: 409,
  DATA_NOT_FOUND: 404,
  DATA_CORRUPT: 422,
  CHECKSUM_MISMATCH: 422,
  MODEL_NOT_FOUND: 404,
  MODEL_INVALID: 422,
  NOT_TRAINED: 409,
  TIMEOUT: 504,
  OVERLOADED: 503,
  NOT_READY: 503,
  BACKEND_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** CLI exit codes: 2 means the caller gave bad usage or bad input, 1 anything else. */
const EXIT_CODE: Readonly<Record<ErrorCode, 1 | 2>> = {
  BAD_REQUEST: 2,
  INVALID_ARGUMENT: 2,
  UNAUTHORIZED: 2,
  NOT_FOUND: 2,
  PAYLOAD_TOO_LARGE: 2,
  UNSUPPORTED_MEDIA_TYPE: 2,
  UNPROCESSABLE: 2,
  CONFLICT: 2,
  DATA_NOT_FOUND: 2,
  DATA_CORRUPT: 2,
  CHECKSUM_MISMATCH: 2,
  MODEL_NOT_FOUND: 2,
  MODEL_INVALID: 2,
  NOT_TRAINED: 1,
  TIMEOUT: 1,
  OVERLOADED: 1,
  NOT_READY: 1,
  BACKEND_UNAVAILABLE: 1,
  INTERNAL: 1,
};

export interface ScenarioErrorOptions {
  /** Extra machine-readable context, safe to show to a client. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class ScenarioError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ScenarioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScenarioError';
    this.code = code;
    this.details = options.details;
  }
}

export function isScenarioError(value: unknown): value is ScenarioError {
  return value instanceof ScenarioError;
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export function exitCodeOf(code: ErrorCode): 1 | 2 {
  return EXIT_CODE[code];
}

/** Turns anything thrown into a ScenarioError; unknown failures become INTERNAL. */
export function toScenarioError(thrown: unknown): ScenarioError {
  if (thrown instanceof ScenarioError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new ScenarioError('INTERNAL', message, { cause: thrown });
}
