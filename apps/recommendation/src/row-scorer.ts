import { scoreRows } from './scoring.js';
import { type RowScorer, simdScorer } from './simd-scorer.js';

export type { RowScorer } from './simd-scorer.js';

/**
 * A scorer of one vector against every row of `table` (plus `bias`): WebAssembly SIMD when the
 * runtime has it and the width is a multiple of 16, else the exact scalar loop of `scoreRows`. The
 * SIMD scores are rounded to about 1e-4 of the product of the norms (see `simdScorer`).
 */
export function createRowScorer(args: { table: Float32Array; factors: number; bias?: Float32Array }): RowScorer {
  const simd = simdScorer(args);
  if (simd) return simd;
  const out = new Float32Array(args.table.length / args.factors);
  return {
    score(vector) {
      scoreRows({ user: vector, table: args.table, out, ...(args.bias ? { bias: args.bias } : {}) });
      return out;
    },
  };
}
