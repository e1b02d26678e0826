/**
 * All ranking metrics at one or more cut-offs, under the snake_case names `evaluate --json` uses.
 */
import {
  averagePrecisionAtK,
  catalogCoverage,
  hitRateAtK,
  type ItemId,
  meanOverUsers,
  ndcgAtK,
  precisionAtK,
  recallAtK,
  type UserRecommendations,
  usersWithRelevantItems,
} from './ranking.js';
import { invalidArgument } from './validate.js';

export interface RankingReportOptions<T extends ItemId> {
  users: readonly UserRecommendations<T>[];
  /** Cut-off(s). Default 10. */
  k?: number | readonly number[];
  /** When given, `catalog_coverage_at_<k>` is included. */
  catalogSize?: number;
}

/**
 * Mean precision, recall, NDCG, MAP and hit rate over users at each k, named `<metric>_at_<k>`
 * (for example `ndcg_at_10`), plus `catalog_coverage_at_<k>` when `catalogSize` is given and
 * `evaluated_users`, the number of users with at least one relevant item (see `meanOverUsers`).
 *
 * @example rankingReport({ users, k: [5, 10], catalogSize: 3706 })
 * // { precision_at_5: ..., ..., ndcg_at_10: ..., catalog_coverage_at_10: ..., evaluated_users: 6040 }
 */
export function rankingReport<T extends ItemId>(options: RankingReportOptions<T>): Record<string, number> {
  const ks = typeof options.k === 'number' ? [options.k] : [...(options.k ?? [10])];
  if (ks.length === 0) throw invalidArgument('k lists no cut-off');
  const report: Record<string, number> = {};
  for (const k of ks) {
    report[`precision_at_${k}`] = meanOverUsers(options.users, precisionAtK, k);
    report[`recall_at_${k}`] = meanOverUsers(options.users, recallAtK, k);
    report[`ndcg_at_${k}`] = meanOverUsers(options.users, ndcgAtK, k);
    report[`map_at_${k}`] = meanOverUsers(options.users, averagePrecisionAtK, k);
    report[`hit_rate_at_${k}`] = meanOverUsers(options.users, hitRateAtK, k);
    if (options.catalogSize !== undefined) {
      report[`catalog_coverage_at_${k}`] = catalogCoverage(
        options.users.map((u) => u.recommended),
        { catalogSize: options.catalogSize, k },
      );
    }
  }
  report.evaluated_users = usersWithRelevantItems(options.users).length;
  return report;
}
