import { mae, rmse } from '@scenarios/core/evaluation';
import type { Interactions } from '../datasets/interactions.js';
import type { RatingWeights } from '../model/model-weights.js';
import { predictRating } from '../scoring.js';

/**
 * RMSE and MAE of the rating model on the given rated rows (core's metrics), predictions clipped
 * to the rating scale; `rating_test_size` is the number of rows.
 */
export function evaluateRatings(
  weights: RatingWeights,
  input: { data: Interactions; rows: Int32Array; scale: readonly [number, number] },
): { rmse: number; mae: number; rating_test_size: number } {
  const { data, rows, scale } = input;
  const ratings = data.ratings as Float32Array;
  const targets = Float64Array.from(rows, (row) => ratings[row] as number);
  const predictions = Float64Array.from(rows, (row) =>
    predictRating(weights, { user: data.users[row] as number, item: data.items[row] as number, scale }),
  );
  return { rmse: rmse(targets, predictions), mae: mae(targets, predictions), rating_test_size: rows.length };
}
