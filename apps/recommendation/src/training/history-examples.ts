import { type Interactions, rowsByUserInTimeOrder } from '../datasets/interactions.js';

/** Each user's items from oldest to newest: user u's are `items[offsets[u]..offsets[u+1])`. */
export interface UserSequences {
  offsets: Int32Array;
  items: Int32Array;
}

/** The users' item sequences in time order, optionally over the rows `include` marks only. */
export function userSequences(data: Interactions, include?: Uint8Array): UserSequences {
  const { offsets, rows } = rowsByUserInTimeOrder(data, include);
  return { offsets, items: Int32Array.from(rows, (row) => data.items[row] as number) };
}

/**
 * Next-item examples: every position of every sequence that has at least one item before it.
 * Example j predicts `items[positions[j]]` from up to `historyLength` items before it, not
 * reaching back past `starts[j]`, the first position of its user.
 */
export interface NextItemExamples {
  positions: Int32Array;
  starts: Int32Array;
}

export function nextItemExamples(sequences: UserSequences): NextItemExamples {
  const { offsets } = sequences;
  const users = offsets.length - 1;
  let count = 0;
  for (let u = 0; u < users; u++) count += Math.max(0, (offsets[u + 1] as number) - (offsets[u] as number) - 1);
  const positions = new Int32Array(count);
  const starts = new Int32Array(count);
  let j = 0;
  for (let u = 0; u < users; u++) {
    const start = offsets[u] as number;
    for (let p = start + 1; p < (offsets[u + 1] as number); p++) {
      positions[j] = p;
      starts[j++] = start;
    }
  }
  return { positions, starts };
}

/** One batch as the model's `history` / `history_weights` inputs and target item indices. */
export interface HistoryBatch {
  /** batch x historyLength item indices + 1, 0 for padding. */
  history: Int32Array;
  /** batch x historyLength: 1/count for the real items, 0 for padding. */
  weights: Float32Array;
  targets: Int32Array;
}

/** The batch of the examples `order[from..to)`. */
export function historyBatch(args: {
  sequences: UserSequences;
  examples: NextItemExamples;
  order: Int32Array;
  range: [number, number];
  historyLength: number;
}): HistoryBatch {
  const { sequences, examples, order, range, historyLength: length } = args;
  const size = range[1] - range[0];
  const history = new Int32Array(size * length);
  const weights = new Float32Array(size * length);
  const targets = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    const example = order[range[0] + b] as number;
    const position = examples.positions[example] as number;
    const first = Math.max(examples.starts[example] as number, position - length);
    const count = position - first;
    for (let j = 0; j < count; j++) {
      history[b * length + j] = (sequences.items[first + j] as number) + 1;
      weights[b * length + j] = 1 / count;
    }
    targets[b] = sequences.items[position] as number;
  }
  return { history, weights, targets };
}
