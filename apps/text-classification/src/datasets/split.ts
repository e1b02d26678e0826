import { ScenarioError } from '@scenarios/core';
import { stratifiedSplit } from '@scenarios/core/data';

/** The parts a data set is split into. */
export const SPLITS = ['train', 'validation', 'test', 'all'] as const;
export type SplitName = (typeof SPLITS)[number];

/** Default fractions of train, validation and test: 70/10/20 (the test part is the usual 20 %). */
export const DEFAULT_SPLIT_FRACTIONS: readonly [number, number, number] = [0.7, 0.1, 0.2];

export interface DuplicateAwareSplitOptions {
  /** The texts; exact duplicates are kept together. */
  texts: readonly string[];
  /** A stratum per text (class or source group); a set of duplicates takes its first member's. */
  strata: ArrayLike<number>;
  /** Fractions of train, validation and test. Default `DEFAULT_SPLIT_FRACTIONS`. */
  fractions?: readonly [number, number, number];
  /** Default 0. */
  seed?: number;
}

/** Row indices of each part, plus what was found about duplicates. */
export interface TextSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  /** Texts equal to an earlier text (so `texts.length - duplicates` are distinct). */
  duplicates: number;
  /** Distinct texts that occur more than once. */
  duplicateGroups: number;
}

/**
 * A stratified train/validation/test split by seed in which exact duplicate texts always land in
 * the same part, so no test text was seen in training. The unit of the split is a set of equal
 * texts, stratified by core's `stratifiedSplit` on the set's stratum; each part lists its rows in
 * increasing order. The same texts, strata, fractions and seed give the same split.
 */
export function splitTexts(options: DuplicateAwareSplitOptions): TextSplit {
  const { texts, strata } = options;
  if (texts.length !== strata.length) {
    throw new ScenarioError('INVALID_ARGUMENT', `${texts.length} texts but ${strata.length} strata`);
  }
  const firstOf = new Map<string, number>();
  const members: number[][] = [];
  texts.forEach((text, row) => {
    const set = firstOf.get(text);
    if (set === undefined) {
      firstOf.set(text, members.length);
      members.push([row]);
    } else {
      (members[set] as number[]).push(row);
    }
  });
  const setStrata = Int32Array.from(members, (rows) => strata[rows[0] as number] as number);
  const parts = stratifiedSplit(setStrata, {
    fractions: options.fractions ?? DEFAULT_SPLIT_FRACTIONS,
    seed: options.seed ?? 0,
  });
  const rowsOf = (part: Int32Array | undefined) =>
    Int32Array.from(Array.from(part ?? []).flatMap((set) => members[set] as number[])).sort();
  return {
    train: rowsOf(parts[0]),
    validation: rowsOf(parts[1]),
    test: rowsOf(parts[2]),
    duplicates: texts.length - members.length,
    duplicateGroups: members.filter((rows) => rows.length > 1).length,
  };
}

/**
 * A seeded, stratified sample of `limit` rows (all rows when there are no more), in increasing
 * order, for `--limit`: small runs keep the class balance of the whole data.
 */
export function sampleRows(strata: ArrayLike<number>, options: { limit: number; seed: number }): Int32Array {
  const n = strata.length;
  if (options.limit >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const [sample] = stratifiedSplit(strata, {
    fractions: [options.limit / n, 1 - options.limit / n],
    seed: options.seed,
  });
  return sample as Int32Array;
}

/** The rows of a named part (`all`: every row). */
export function rowsOfSplit(split: TextSplit, name: SplitName, size: number): Int32Array {
  if (name === 'all') return Int32Array.from({ length: size }, (_, i) => i);
  return split[name];
}
