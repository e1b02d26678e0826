import express, { type RequestHandler } from 'express';
import { ScenarioError } from '../errors.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Default JSON body limit: 1 MiB. */
export const DEFAULT_JSON_LIMIT_BYTES = 1_048_576;

/**
 * Parses JSON request bodies of at most `limitBytes` (default 1 MiB; larger ones get 413), and
 * answers 415 to a request that carries a body of another content type. Requests without a body pass.
 */
export function jsonBody(options: { limitBytes?: number } = {}): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const empty = req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined;
    // req.is() is null without a body and false for a body of another type.
    if (!empty && req.is(JSON_TYPES) === false) {
      const got = req.get('content-type') ?? 'none';
      next(new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `expected Content-Type application/json, got ${got}`));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit: options.limitBytes ?? DEFAULT_JSON_LIMIT_BYTES, type: JSON_TYPES })];
}
