import { createRng } from '@scenarios/core/data';
import type { Interactions } from '../datasets/interactions.js';
import { type RowSplit, rowMask } from '../splits.js';
import { userSequences } from '../training/history-examples.js';

/** One evaluated user of the leave-last-out protocol. */
export interface RankingCase {
  user: number;
  /** The held-out (most recent) item. */
  heldOut: number;
  /** The user's training items, oldest first: what a model may read, and what full ranking excludes. */
  history: Int32Array;
  /** Items the user never interacted with, drawn uniformly, for the sampled protocol. */
  negatives: Int32Array;
}

/** The evaluated users and the catalogue size. */
export interface RankingCases {
  numItems: number;
  cases: RankingCase[];
}

export interface RankingCasesOptions {
  /** Negatives per user for the sampled protocol (NCF: 100). Fewer when the user has not that many unseen items. Default 100. */
  negatives?: number;
  /** Seed of the negative sampling. Default 0. */
  seed?: number;
}

/**
 * The cases of a leave-last-out split: one per user with a held-out item, with the training
 * history and sampled negatives drawn once, so every model is scored against the same ones.
 */
export function rankingCases(data: Interactions, split: RowSplit, options: RankingCasesOptions = {}): RankingCases {
  const numItems = data.itemIds.length;
  const wanted = options.negatives ?? 100;
  const rng = createRng(options.seed ?? 0);
  const sequences = userSequences(data, rowMask(data.users.length, split.train));
  const cases: RankingCase[] = [];
  for (const row of split.test) {
    const user = data.users[row] as number;
    const heldOut = data.items[row] as number;
    const history = sequences.items.subarray(sequences.offsets[user] as number, sequences.offsets[user + 1] as number);
    const excluded = new Set<number>(history);
    excluded.add(heldOut);
    const available = numItems - excluded.size;
    const count = Math.min(wanted, available);
    const negatives = new Set<number>();
    if (count === available) {
      for (let item = 0; item < numItems; item++) if (!excluded.has(item)) negatives.add(item);
    } else {
      while (negatives.size < count) {
        const item = rng.int(numItems);
        if (!excluded.has(item)) negatives.add(item);
      }
    }
    cases.push({ user, heldOut, history, negatives: Int32Array.from(negatives) });
  }
  return { numItems, cases };
}
