import { ScenarioError } from '@scenarios/core';
import { randomSplit } from '@scenarios/core/data';
import { type Interactions, rowsByUserInTimeOrder } from './datasets/interactions.js';

/** Training and held-out rows of one split. */
export interface RowSplit {
  /** Training rows, ascending. */
  train: Int32Array;
  /** Held-out rows, ascending. */
  test: Int32Array;
}

export interface RatingSplitOptions {
  /** Fraction of the rated rows held out. Default 0.2. */
  testFraction?: number;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
}

/**
 * A random split of the rated rows (rows without a rating are left out of both parts), for
 * rating prediction: core's `randomSplit`, so a seed always gives the same parts.
 *
 * @throws ScenarioError INVALID_ARGUMENT when the data has no ratings.
 */
export function randomRatingSplit(data: Interactions, options: RatingSplitOptions = {}): RowSplit {
  const { ratings } = data;
  if (!ratings) throw new ScenarioError('INVALID_ARGUMENT', 'the data has no ratings to split');
  const rated: number[] = [];
  ratings.forEach((rating, row) => {
    if (!Number.isNaN(rating)) rated.push(row);
  });
  const [train, test] = randomSplit(rated.length, {
    testFraction: options.testFraction ?? 0.2,
    seed: options.seed ?? 0,
  });
  const rows = (part: Int32Array | undefined) => Int32Array.from(part ?? [], (i) => rated[i] as number);
  return { train: rows(train), test: rows(test) };
}

/**
 * Per-user leave-last-out, for ranking: each user's most recent interaction (largest timestamp;
 * on a tie, or without timestamps, the later row of the source) is held out; users with a single
 * interaction keep it for training and are not evaluated.
 */
export function leaveLastOut(data: Interactions): RowSplit {
  const { offsets, rows } = rowsByUserInTimeOrder(data);
  const held = new Uint8Array(data.users.length);
  for (let u = 0; u < data.userIds.length; u++) {
    const start = offsets[u] as number;
    const end = offsets[u + 1] as number;
    if (end - start >= 2) held[rows[end - 1] as number] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  held.forEach((flag, row) => {
    (flag === 1 ? test : train).push(row);
  });
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** A mask over all rows marking `rows`. */
export function rowMask(size: number, rows: Int32Array): Uint8Array {
  const mask = new Uint8Array(size);
  for (const row of rows) mask[row] = 1;
  return mask;
}
