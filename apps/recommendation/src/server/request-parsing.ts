import { ScenarioError } from '@scenarios/core';
import { isRawId, MAX_RAW_ID } from '../datasets/interactions.js';
import type { FeedbackInput } from '../feedback/feedback-store.js';

function badRequest(message: string): ScenarioError {
  return new ScenarioError('BAD_REQUEST', message);
}

/** A raw id from a path segment or query value: decimal digits only, at most 2^31 - 1. */
export function parseIdParam(name: string, value: unknown): number {
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!isRawId(id))
    throw badRequest(`${name} must be an integer id in [0, ${MAX_RAW_ID}], got ${JSON.stringify(value)}`);
  return id;
}

/** `k` from the query: an integer in [1, maxK], `fallback` when absent. */
export function parseK(value: unknown, range: { fallback: number; maxK: number }): number {
  if (value === undefined) return range.fallback;
  const k = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(k >= 1 && k <= range.maxK)) {
    throw badRequest(`k must be an integer in [1, ${range.maxK}], got ${JSON.stringify(value)}`);
  }
  return k;
}

/** A query parameter given once, repeated, or as a comma-separated list: its non-empty values. */
export function listParam(value: unknown): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v) => typeof v === 'string')) throw badRequest('malformed query string');
  return (values as string[])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const FEEDBACK_KEYS = new Set(['user', 'item', 'rating', 'timestamp']);

/** What feedback may carry: the model's rating scale, if it predicts ratings. */
export interface FeedbackRules {
  ratingScale?: readonly [number, number];
  /** The current time in seconds, used when the feedback has no timestamp. */
  now: () => number;
}

/**
 * Validates a feedback body `{user, item, rating?, timestamp?}`: integer ids, a rating within the
 * model's scale (refused when the model predicts no ratings), a timestamp in whole seconds since
 * the epoch (default: now), and no other keys. BAD_REQUEST naming the problem.
 */
export function parseFeedback(body: unknown, rules: FeedbackRules): FeedbackInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the body must be a JSON object {"user", "item", "rating"?, "timestamp"?}');
  }
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !FEEDBACK_KEYS.has(key));
  if (unknown.length > 0)
    throw badRequest(`unknown field(s) ${unknown.join(', ')}; expected user, item, rating, timestamp`);
  for (const key of ['user', 'item'] as const) {
    if (!isRawId(record[key])) {
      throw badRequest(`${key} must be an integer id in [0, ${MAX_RAW_ID}], got ${JSON.stringify(record[key])}`);
    }
  }
  const feedback: FeedbackInput = { user: record.user as number, item: record.item as number, timestamp: rules.now() };
  if (record.rating !== undefined && record.rating !== null) {
    const scale = rules.ratingScale;
    if (!scale) throw badRequest('this model takes implicit feedback only: leave rating out');
    const rating = record.rating;
    if (typeof rating !== 'number' || !(rating >= scale[0] && rating <= scale[1])) {
      throw badRequest(`rating must be a number in [${scale[0]}, ${scale[1]}], got ${JSON.stringify(rating)}`);
    }
    feedback.rating = rating;
  }
  if (record.timestamp !== undefined && record.timestamp !== null) {
    const timestamp = record.timestamp;
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw badRequest(`timestamp must be whole seconds since the epoch, got ${JSON.stringify(timestamp)}`);
    }
    feedback.timestamp = timestamp;
  }
  return feedback;
}
