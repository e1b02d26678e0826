import { ScenarioError } from '@scenarios/core';
import type { Request, RequestHandler } from 'express';

/** Raw image types accepted as a request body. */
export const IMAGE_CONTENT_TYPES: readonly string[] = Object.freeze(['image/png', 'image/jpeg', 'image/webp']);
const JSON_TYPES = ['application/json', 'application/*+json'];

/** A body read by `captureBody`: its bytes and content type, or why it was refused. */
export type CapturedBody =
  | { kind: 'multipart' | 'image'; contentType: string; bytes: Buffer }
  | { kind: 'refused'; error: ScenarioError };

const captured = new WeakMap<Request, CapturedBody>();

/** The body `captureBody` read for this request, if it read one. */
export function capturedBodyOf(req: Request): CapturedBody | undefined {
  return captured.get(req);
}

export interface CaptureBodyOptions {
  /** Paths (exact, POST only) whose non-JSON bodies are read here. */
  paths: readonly string[];
  /** Largest body read; beyond it the request is refused with PAYLOAD_TOO_LARGE. */
  maxBytes: number;
}

/**
 * Reads multipart and raw-image bodies of the given POST routes before core's server sees them.
 *
 * Why: core's `createServer` parses JSON for every route and answers 415 to any other body type,
 * so an app route cannot take multipart or image bodies. This middleware, mounted in front of
 * core's app, reads such a body (up to `maxBytes`), keeps it for the route (`capturedBodyOf`) and
 * marks the request as having an empty body; any other non-JSON body is kept as a 415 refusal for
 * the route to raise, so every answer still goes through core's limits, metrics and error handling.
 */
export function captureBody(options: CaptureBodyOptions): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'POST' || !options.paths.includes(req.path) || !hasBody(req) || req.is(JSON_TYPES)) {
      next();
      return;
    }
    const contentType = req.get('content-type') ?? '';
    const kind = req.is('multipart/form-data') ? 'multipart' : req.is([...IMAGE_CONTENT_TYPES]) ? 'image' : undefined;
    const finish = (body: CapturedBody) => {
      captured.set(req, body);
      // Core's JSON parser skips a request that declares an empty body.
      req.headers['content-length'] = '0';
      delete req.headers['transfer-encoding'];
      next();
    };
    if (kind === undefined) {
      req.resume();
      const got = contentType === '' ? 'none' : contentType;
      const accepted = ['multipart/form-data', ...IMAGE_CONTENT_TYPES, 'application/json'].join(', ');
      finish({
        kind: 'refused',
        error: new ScenarioError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type ${got} is not accepted; send one of ${accepted}`,
        ),
      });
      return;
    }
    readLimited(req, options.maxBytes).then(
      (bytes) => finish({ kind, contentType, bytes }),
      (error: ScenarioError) => finish({ kind: 'refused', error }),
    );
  };
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** The whole body, or PAYLOAD_TOO_LARGE (reading stops) once it passes `maxBytes`. */
function readLimited(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new ScenarioError('PAYLOAD_TOO_LARGE', `request body larger than ${maxBytes} bytes`, { details: { maxBytes } });
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.pause();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new ScenarioError('BAD_REQUEST', `could not read the request body: ${error.message}`, { cause: error }));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
