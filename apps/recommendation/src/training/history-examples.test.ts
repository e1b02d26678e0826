import { describe, expect, it } from 'vitest';
import { historyBatch, nextItemExamples, type UserSequences } from './history-examples.js';

// User 0 watched items 4, 2, 7 in that order; user 1 watched only 5; user 2 watched 1, 3.
const sequences: UserSequences = { offsets: Int32Array.from([0, 3, 4, 6]), items: Int32Array.from([4, 2, 7, 5, 1, 3]) };

describe('next-item examples', () => {
  it('makes one example per interaction that has an earlier one, never crossing users', () => {
    expect(nextItemExamples(sequences)).toEqual({
      positions: Int32Array.from([1, 2, 5]),
      starts: Int32Array.from([0, 0, 4]),
    });
  });

  it('builds left-aligned, zero-padded histories of item index + 1 with weights 1/count', () => {
    const examples = nextItemExamples(sequences);
    const batch = historyBatch({
      sequences,
      examples,
      order: Int32Array.from([2, 1, 0]),
      range: [0, 3],
      historyLength: 2,
    });
    // Example 2 (user 2, predicts 3 from [1]); example 1 (user 0, predicts 7 from [4, 2]); example 0 (predicts 2 from [4]).
    expect(Array.from(batch.history)).toEqual([2, 0, 5, 3, 5, 0]);
    expect(Array.from(batch.weights)).toEqual([1, 0, 0.5, 0.5, 1, 0]);
    expect(Array.from(batch.targets)).toEqual([3, 7, 2]);

    const short = historyBatch({ sequences, examples, order: Int32Array.from([1]), range: [0, 1], historyLength: 1 });
    expect(Array.from(short.history)).toEqual([3]);
  });
});
