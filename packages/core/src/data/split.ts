import { ScenarioError } from '../errors.js';
import { createRng } from './random.js';

export interface SplitOptions {
  /** Fraction of the examples in each part, each in (0, 1), summing to 1, e.g. [0.8, 0.1, 0.1]. */
  fractions?: readonly number[];
  /** Shorthand for `fractions: [1 - testFraction, testFraction]`. Give this or `fractions`. */
  testFraction?: number;
  /** Seed of the shuffle: the same seed gives the same parts. Default 0. */
  seed?: number;
}

/**
 * Splits `size` examples at random into parts of the given fractions. Part sizes are rounded by
 * the largest-remainder method, so they sum to `size` and each is within 1 of its exact share.
 * Each part lists its indices in increasing order.
 *
 * @example randomSplit(10, { testFraction: 0.3, seed: 1 }) // [7 indices, 3 indices]
 */
export function randomSplit(size: number, options: SplitOptions): Int32Array[] {
  if (!Number.isInteger(size) || size < 0) {
    throw new ScenarioError('INVALID_ARGUMENT', `size must be a non-negative integer, got ${size}`);
  }
  const fractions = fractionsOf(options);
  const order = createRng(options.seed ?? 0).shuffledIndices(size);
  const parts: Int32Array[] = [];
  let start = 0;
  for (const count of apportion(size, fractions)) {
    parts.push(order.slice(start, start + count).sort());
    start += count;
  }
  return parts;
}

/**
 * Splits examples so that every class is spread over the parts in proportion to the fractions.
 * Part sizes are exactly those of `randomSplit`; within a part, each class's count differs from
 * its exact share by less than 2 (classes too small to appear in every part still go where
 * the overall proportions need them). Each part lists its indices in increasing order.
 *
 * How: the examples are ordered class by class (shuffled within each class by the seed) and dealt
 * along that order to the part that is furthest behind its quota, so every stretch of the order,
 * and thus every class, is shared out in proportion.
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: SplitOptions): Int32Array[] {
  const fractions = fractionsOf(options);
  const rng = createRng(options.seed ?? 0);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  }
  const ordered: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label) as number[];
    for (const j of rng.shuffledIndices(members.length)) ordered.push(members[j] as number);
  }

  const n = ordered.length;
  const targets = apportion(n, fractions);
  const parts = targets.map((count) => new Int32Array(count));
  const filled = targets.map(() => 0);
  ordered.forEach((index, position) => {
    let best = -1;
    let bestDeficit = Number.NEGATIVE_INFINITY;
    targets.forEach((target, part) => {
      const deficit = ((position + 1) * target) / n - (filled[part] as number);
      if ((filled[part] as number) < target && deficit > bestDeficit) {
        best = part;
        bestDeficit = deficit;
      }
    });
    (parts[best] as Int32Array)[filled[best] as number] = index;
    filled[best] = (filled[best] as number) + 1;
  });
  return parts.map((part) => part.sort());
}

/** Validated fractions from either option. */
function fractionsOf(options: SplitOptions): number[] {
  if ((options.fractions === undefined) === (options.testFraction === undefined)) {
    throw new ScenarioError('INVALID_ARGUMENT', 'give exactly one of fractions and testFraction');
  }
  const fractions =
    options.fractions !== undefined
      ? [...options.fractions]
      : [1 - (options.testFraction as number), options.testFraction as number];
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (fractions.length === 0 || fractions.some((f) => !(f > 0 && f < 1)) || Math.abs(sum - 1) > 1e-9) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `split fractions must each lie in (0, 1) and sum to 1, got [${fractions.join(', ')}]`,
    );
  }
  return fractions;
}

/** Whole counts summing to `total`, proportional to `fractions` (largest remainder, ties to the earlier part). */
function apportion(total: number, fractions: readonly number[]): number[] {
  const exact = fractions.map((f) => f * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, part) => ({ part, rest: value - Math.floor(value) }));
  byRemainder.sort((a, b) => b.rest - a.rest || a.part - b.part);
  for (const { part } of byRemainder) {
    if (left === 0) break;
    counts[part] = (counts[part] as number) + 1;
    left--;
  }
  return counts;
}
