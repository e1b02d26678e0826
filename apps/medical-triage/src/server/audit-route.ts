import { createHash, timingSafeEqual } from 'node:crypto';
import { ScenarioError } from '@scenarios/core';
import type { RequestHandler } from 'express';
import type { AuditStore } from '../audit/audit-store.js';

/** The environment variable holding the bearer token of `GET /v1/audit`. */
export const AUDIT_TOKEN_ENV = 'MEDICAL_TRIAGE_AUDIT_TOKEN';

/** Most entries one `GET /v1/audit` returns. */
export const MAX_AUDIT_PAGE = 1000;

/**
 * `GET /v1/audit?after_id=N&limit=M`: entries of the audit trail in order, for a client that sends
 * `Authorization: Bearer <token>` with the configured token. Without a configured token the trail
 * is closed to everyone. UNAUTHORIZED (401) otherwise, with `WWW-Authenticate: Bearer`.
 * Answers `{entries, next_after_id}`; `next_after_id` is the id to pass for the next page.
 */
export function auditRoute(options: { audit: AuditStore; token: string | undefined }): RequestHandler {
  const expected = options.token ? digest(options.token) : undefined;
  return (req, res) => {
    const offered = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    // Digests have equal length, so timingSafeEqual compares in constant time whatever was sent.
    if (expected === undefined || offered === undefined || !timingSafeEqual(digest(offered), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new ScenarioError(
        'UNAUTHORIZED',
        expected === undefined
          ? `the audit trail is closed: set ${AUDIT_TOKEN_ENV} to open it`
          : 'a valid bearer token is required',
      );
    }
    const afterId = queryInteger(req.query.after_id, { name: 'after_id', min: 0, fallback: 0 });
    const limit = queryInteger(req.query.limit, { name: 'limit', min: 1, max: MAX_AUDIT_PAGE, fallback: 100 });
    const entries = options.audit.list({ afterId, limit });
    res.json({ entries, next_after_id: entries.at(-1)?.id ?? afterId });
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function queryInteger(value: unknown, spec: { name: string; min: number; max?: number; fallback: number }): number {
  if (value === undefined) return spec.fallback;
  const n = Number(value);
  if (
    typeof value !== 'string' ||
    !Number.isSafeInteger(n) ||
    n < spec.min ||
    (spec.max !== undefined && n > spec.max)
  ) {
    throw new ScenarioError(
      'BAD_REQUEST',
      `${spec.name} must be an integer in [${spec.min}, ${spec.max ?? 'any'}], got ${JSON.stringify(value)}`,
    );
  }
  return n;
}
