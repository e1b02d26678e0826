/**
 * Top-k ranking metrics for recommendation, per user: `recommended` is the ranked list of item
 * ids (best first) and `relevant` the items the user actually interacted with. Relevance is
 * binary. Item ids may be numbers or strings.
 *
 * Conventions, shared with common recsys libraries (ml_metrics, RecBole):
 * - a list shorter than k is scored as if padded with irrelevant items (precision still divides by k);
 * - a recommended item may not appear twice in the top k (INVALID_ARGUMENT);
 * - an empty `relevant` set makes recall, NDCG and MAP undefined (NaN); precision and hit rate are 0.
 *   `meanOverUsers` leaves such users out of every metric.
 */
import { invalidArgument, requireK } from './validate.js';

export type ItemId = number | string;

/** The relevant items of one user, as a set or a list of distinct ids. */
export type RelevantItems<T extends ItemId> = ReadonlySet<T> | ArrayLike<T>;

/** A per-user ranking metric, as the functions in this file are. */
export type RankingMetric<T extends ItemId> = (
  recommended: ArrayLike<T>,
  relevant: RelevantItems<T>,
  k: number,
) => number;

function asSet<T extends ItemId>(relevant: RelevantItems<T>): ReadonlySet<T> {
  return relevant instanceof Set ? relevant : new Set(Array.from(relevant as ArrayLike<T>));
}

/** Whether each of the first k recommendations is relevant, and the number of relevant items. */
function topKHits<T extends ItemId>(
  recommended: ArrayLike<T>,
  relevant: RelevantItems<T>,
  k: number,
): { hits: boolean[]; relevantCount: number } {
  requireK(k);
  const relevantSet = asSet(relevant);
  const top = Array.from(recommended).slice(0, k);
  const seen = new Set<T>();
  for (const [rank, item] of top.entries()) {
    if (seen.has(item)) throw invalidArgument(`recommended list repeats item ${String(item)} at rank ${rank + 1}`);
    seen.add(item);
  }
  return { hits: top.map((item) => relevantSet.has(item)), relevantCount: relevantSet.size };
}

function count(hits: readonly boolean[]): number {
  return hits.filter(Boolean).length;
}

/** Relevant items in the top k, divided by k. */
export function precisionAtK<T extends ItemId>(
  recommended: ArrayLike<T>,
  relevant: RelevantItems<T>,
  k: number,
): number {
  return count(topKHits(recommended, relevant, k).hits) / k;
}

/** Relevant items in the top k, divided by the number of relevant items (NaN if there are none). */
export function recallAtK<T extends ItemId>(recommended: ArrayLike<T>, relevant: RelevantItems<T>, k: number): number {
  const { hits, relevantCount } = topKHits(recommended, relevant, k);
  return relevantCount === 0 ? Number.NaN : count(hits) / relevantCount;
}

/** 1 when at least one of the top k is relevant, else 0. */
export function hitRateAtK<T extends ItemId>(recommended: ArrayLike<T>, relevant: RelevantItems<T>, k: number): number {
  return topKHits(recommended, relevant, k).hits.some(Boolean) ? 1 : 0;
}

/**
 * Normalised discounted cumulative gain with binary relevance:
 * DCG = sum over relevant ranks r (1-based, r <= k) of 1 / log2(r + 1), divided by the ideal DCG,
 * that of a list putting min(k, |relevant|) relevant items first. NaN if nothing is relevant.
 *
 * @example ndcgAtK(['a', 'b', 'c'], ['b', 'c', 'z'], 3)
 * // (1/log2 3 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4) = 1.1309 / 2.1309 = 0.5307
 */
export function ndcgAtK<T extends ItemId>(recommended: ArrayLike<T>, relevant: RelevantItems<T>, k: number): number {
  const { hits, relevantCount } = topKHits(recommended, relevant, k);
  if (relevantCount === 0) return Number.NaN;
  const gain = (rank: number): number => 1 / Math.log2(rank + 2);
  const dcg = hits.reduce((s, hit, rank) => (hit ? s + gain(rank) : s), 0);
  let ideal = 0;
  for (let rank = 0; rank < Math.min(k, relevantCount); rank++) ideal += gain(rank);
  return dcg / ideal;
}

/**
 * Average precision at k: the sum of precision@r over the ranks r <= k holding a relevant item,
 * divided by min(k, |relevant|) (ml_metrics' `apk`, RecBole's MAP), so a user with more relevant
 * items than k can still score 1. Averaged over users with `meanOverUsers` this is MAP@k.
 * NaN if nothing is relevant.
 *
 * @example averagePrecisionAtK([1, 2, 3, 4], [1, 3, 9], 4) // (1/1 + 2/3) / min(4, 3) = 0.5556
 */
export function averagePrecisionAtK<T extends ItemId>(
  recommended: ArrayLike<T>,
  relevant: RelevantItems<T>,
  k: number,
): number {
  const { hits, relevantCount } = topKHits(recommended, relevant, k);
  if (relevantCount === 0) return Number.NaN;
  let found = 0;
  let sum = 0;
  hits.forEach((hit, rank) => {
    if (!hit) return;
    found++;
    sum += found / (rank + 1);
  });
  return sum / Math.min(k, relevantCount);
}

/** One user's ranked recommendations and relevant items. */
export interface UserRecommendations<T extends ItemId> {
  recommended: ArrayLike<T>;
  relevant: RelevantItems<T>;
}

/** The users that have at least one relevant item: those `meanOverUsers` scores. */
export function usersWithRelevantItems<T extends ItemId>(
  users: readonly UserRecommendations<T>[],
): UserRecommendations<T>[] {
  return users.filter((u) => asSet(u.relevant).size > 0);
}

/**
 * Mean of a per-user metric at k over the users that have at least one relevant item;
 * users with none are left out (their recall, NDCG and MAP are undefined). Throws
 * INVALID_ARGUMENT when no user is left.
 *
 * @example meanOverUsers(users, ndcgAtK, 10) // NDCG@10
 */
export function meanOverUsers<T extends ItemId>(
  users: readonly UserRecommendations<T>[],
  metric: RankingMetric<T>,
  k: number,
): number {
  requireK(k);
  const scored = usersWithRelevantItems(users);
  if (scored.length === 0) {
    throw invalidArgument(
      users.length === 0 ? 'users is empty' : `none of the ${users.length} users has a relevant item`,
    );
  }
  return scored.reduce((s, u) => s + metric(u.recommended, u.relevant, k), 0) / scored.length;
}

export interface CatalogCoverageOptions {
  /** Number of items in the catalogue; a positive integer. */
  catalogSize: number;
  /** Only the first k items of each list count. Default: whole lists. */
  k?: number;
}

/**
 * Catalogue coverage: distinct items recommended to anyone (in the top k when `k` is given)
 * divided by the catalogue size.
 *
 * @example catalogCoverage([[1, 2], [2, 3]], { catalogSize: 10 }) // 3 / 10
 */
export function catalogCoverage<T extends ItemId>(
  recommendations: readonly ArrayLike<T>[],
  options: CatalogCoverageOptions,
): number {
  const { catalogSize, k } = options;
  if (!Number.isInteger(catalogSize) || catalogSize < 1) {
    throw invalidArgument(`catalogSize must be a positive integer, got ${catalogSize}`);
  }
  if (k !== undefined) requireK(k);
  if (recommendations.length === 0) throw invalidArgument('recommendations is empty');
  const distinct = new Set<T>();
  for (const list of recommendations) {
    for (const item of Array.from(list).slice(0, k)) distinct.add(item);
  }
  if (distinct.size > catalogSize) {
    throw invalidArgument(`${distinct.size} distinct items were recommended but catalogSize is ${catalogSize}`);
  }
  return distinct.size / catalogSize;
}
