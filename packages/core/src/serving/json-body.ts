import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { ScenarioError } from '../errors.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Default JSON body limit: 1 MiB. */
export const DEFAULT_JSON_LIMIT_BYTES = 1_048_576;

export interface JsonBodyOptions {
  /** Largest JSON body; larger ones get 413. Default 1 MiB. */
  limitBytes?: number;
  /**
   * Content types (such as `multipart/form-data` or `image/*`) left unread for the route to
   * read itself, with `readBody`. Default none.
   */
  passThroughTypes?: readonly string[];
}

/**
 * Parses JSON request bodies and answers 415 to a request that carries a body of another
 * content type, unless that type is one of `passThroughTypes`, and 400 to a UTF-8 body with
 * invalid bytes. Requests without a body pass.
 */
export function jsonBody(options: JsonBodyOptions = {}): RequestHandler[] {
  const passThrough = [...(options.passThroughTypes ?? [])];
  const accepted = ['application/json', ...passThrough].join(', ');
  const requireJson: RequestHandler = (req, _res, next) => {
    const empty = req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined;
    // req.is() is null without a body and false for a body of another type.
    if (!empty && req.is(JSON_TYPES) === false && (passThrough.length === 0 || req.is(passThrough) === false)) {
      const got = req.get('content-type') ?? 'none';
      next(new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `expected Content-Type ${accepted}, got ${got}`));
      return;
    }
    next();
  };
  // JSON must be UTF-8 (RFC 8259); body-parser would turn invalid bytes into U+FFFD silently.
  const strictUtf8 = (_req: unknown, _res: unknown, body: Buffer, encoding: string) => {
    if (encoding.toLowerCase() === 'utf-8' && !isUtf8(body)) {
      throw new ScenarioError('BAD_REQUEST', 'the request body is not valid UTF-8');
    }
  };
  return [
    requireJson,
    express.json({ limit: options.limitBytes ?? DEFAULT_JSON_LIMIT_BYTES, type: JSON_TYPES, verify: strictUtf8 }),
  ];
}
