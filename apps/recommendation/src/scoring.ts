/**
 * Scoring on the host with the model's tables as Float32Arrays: a dot product per item in a tight
 * loop is faster than a tensor round trip for one user, and it allocates nothing per item.
 */
import type { RankingWeights, RatingWeights } from './model/model-weights.js';

/**
 * The last `limit` distinct items of a history (item indices, oldest first), oldest first: the
 * items the user tower reads.
 */
export function recentItems(history: ArrayLike<number>, limit: number): number[] {
  const picked: number[] = [];
  const seen = new Set<number>();
  for (let j = history.length - 1; j >= 0 && picked.length < limit; j--) {
    const item = history[j] as number;
    if (seen.has(item)) continue;
    seen.add(item);
    picked.push(item);
  }
  return picked.reverse();
}

/** The user tower: the mean input embedding of `items` (item indices); zeros for no items. */
export function userVector(weights: RankingWeights, items: readonly number[]): Float32Array {
  const { factors, inputEmbedding } = weights;
  const vector = new Float32Array(factors);
  if (items.length === 0) return vector;
  for (const item of items) {
    const row = (item + 1) * factors;
    for (let f = 0; f < factors; f++) vector[f] = (vector[f] as number) + (inputEmbedding[row + f] as number);
  }
  const scale = 1 / items.length;
  for (let f = 0; f < factors; f++) vector[f] = (vector[f] as number) * scale;
  return vector;
}

/** `out[i] = dot(user, table[i]) + bias[i]` for every row of a row-major `table`. */
export function scoreRows(args: {
  user: Float32Array;
  table: Float32Array;
  bias?: Float32Array;
  out: Float32Array;
}): void {
  const { user, table, bias, out } = args;
  const factors = user.length;
  const rows = out.length;
  const tail = factors - (factors % 4);
  for (let i = 0; i < rows; i++) {
    const base = i * factors;
    // Four partial sums let the engine overlap the multiply-adds.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let f = 0;
    for (; f < tail; f += 4) {
      s0 += (user[f] as number) * (table[base + f] as number);
      s1 += (user[f + 1] as number) * (table[base + f + 1] as number);
      s2 += (user[f + 2] as number) * (table[base + f + 2] as number);
      s3 += (user[f + 3] as number) * (table[base + f + 3] as number);
    }
    for (; f < factors; f++) s0 += (user[f] as number) * (table[base + f] as number);
    out[i] = s0 + s1 + s2 + s3 + (bias ? (bias[i] as number) : 0);
  }
}

/**
 * The indices of the `k` highest scores, best first, skipping indices where `excluded` is 1; ties
 * go to the lower index. Fewer than `k` when fewer are allowed.
 */
export function topK(scores: ArrayLike<number>, k: number, excluded?: Uint8Array): Int32Array {
  const best = new Int32Array(k);
  const bestScores = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (excluded && excluded[i] === 1) continue;
    const score = scores[i] as number;
    if (size === k && !(score > (bestScores[k - 1] as number))) continue;
    // Insert after every equal score: earlier indices win ties.
    let j = size < k ? size++ : k - 1;
    while (j > 0 && score > (bestScores[j - 1] as number)) {
      bestScores[j] = bestScores[j - 1] as number;
      best[j] = best[j - 1] as number;
      j--;
    }
    bestScores[j] = score;
    best[j] = i;
  }
  return best.slice(0, size);
}

/** The rating model's prediction, clipped to the rating scale. */
export function predictRating(
  weights: RatingWeights,
  pair: { user: number; item: number; scale?: readonly [number, number] },
): number {
  const { factors, userFactors, itemFactors } = weights;
  const u = pair.user * factors;
  const v = pair.item * factors;
  let dot = 0;
  for (let f = 0; f < factors; f++) dot += (userFactors[u + f] as number) * (itemFactors[v + f] as number);
  const raw =
    weights.globalMean + (weights.userBias[pair.user] as number) + (weights.itemBias[pair.item] as number) + dot;
  return pair.scale ? Math.min(pair.scale[1], Math.max(pair.scale[0], raw)) : raw;
}

/** Unit-length copies of a table's rows (zero rows stay zero), for cosine similarity. */
export function normalizeRows(table: Float32Array, factors: number): Float32Array {
  const out = new Float32Array(table.length);
  for (let base = 0; base < table.length; base += factors) {
    let norm = 0;
    for (let f = 0; f < factors; f++) norm += (table[base + f] as number) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let f = 0; f < factors; f++) out[base + f] = (table[base + f] as number) * scale;
  }
  return out;
}

/**
 * Each item's input and output embeddings of the ranking model, each scaled to unit length, side by
 * side and scaled by 1/sqrt(2): the dot product of two rows is the mean of the two cosine
 * similarities, in [-1, 1]. The output embedding alone mostly says how popular an item is, the input
 * embedding alone is noisy for rare items; together they find Return of the Jedi for Star Wars.
 */
export function itemSimilarityVectors(weights: RankingWeights): Float32Array {
  const { factors, inputEmbedding, outputEmbedding } = weights;
  const numItems = outputEmbedding.length / factors;
  const input = normalizeRows(inputEmbedding.subarray(factors), factors);
  const output = normalizeRows(outputEmbedding, factors);
  const out = new Float32Array(numItems * 2 * factors);
  for (let item = 0; item < numItems; item++) {
    for (let f = 0; f < factors; f++) {
      out[item * 2 * factors + f] = (input[item * factors + f] as number) * Math.SQRT1_2;
      out[item * 2 * factors + factors + f] = (output[item * factors + f] as number) * Math.SQRT1_2;
    }
  }
  return out;
}
