import type { FeedbackInput } from '../feedback/feedback-store.js';
import { buildInteractions, type Interactions, type ItemInfo, indexById, RowCollector } from './interactions.js';

/**
 * The data with feedback appended as more rows (new users welcome), re-indexed. As everywhere, a
 * user-item pair keeps its latest row, so a feedback rating replaces an older one; feedback
 * without a rating is an implicit interaction (used by the ranking model only). Item metadata is kept.
 */
export function mergeFeedback(data: Interactions, feedback: readonly FeedbackInput[]): Interactions {
  const collector = new RowCollector();
  for (let row = 0; row < data.users.length; row++) {
    collector.add({
      user: data.userIds[data.users[row] as number] as number,
      item: data.itemIds[data.items[row] as number] as number,
      rating: data.ratings?.[row] ?? Number.NaN,
      timestamp: data.timestamps?.[row] ?? Number.NaN,
    });
  }
  for (const row of feedback) {
    collector.add({ user: row.user, item: row.item, rating: row.rating ?? Number.NaN, timestamp: row.timestamp });
  }
  const itemInfo = new Map<number, ItemInfo>();
  for (const [id, index] of indexById(data.itemIds)) itemInfo.set(id, data.itemInfo[index] as ItemInfo);
  return buildInteractions(collector, { source: 'data and feedback', itemInfo });
}

/**
 * The data in a model's index space (its sorted user and item ids): rows whose user or item the
 * model does not know are dropped and counted. Users of the model absent from the data simply
 * have no rows.
 */
export function reindex(
  data: Interactions,
  ids: { userIds: Int32Array; itemIds: Int32Array; itemInfo: readonly ItemInfo[] },
): { data: Interactions; dropped: number } {
  const userIndex = indexById(ids.userIds);
  const itemIndex = indexById(ids.itemIds);
  const kept: number[] = [];
  const users: number[] = [];
  const items: number[] = [];
  for (let row = 0; row < data.users.length; row++) {
    const user = userIndex.get(data.userIds[data.users[row] as number] as number);
    const item = itemIndex.get(data.itemIds[data.items[row] as number] as number);
    if (user === undefined || item === undefined) continue;
    kept.push(row);
    users.push(user);
    items.push(item);
  }
  const { ratings, timestamps } = data;
  return {
    data: {
      userIds: ids.userIds,
      itemIds: ids.itemIds,
      users: Int32Array.from(users),
      items: Int32Array.from(items),
      ratings: ratings ? Float32Array.from(kept, (row) => ratings[row] as number) : undefined,
      timestamps: timestamps ? Float64Array.from(kept, (row) => timestamps[row] as number) : undefined,
      itemInfo: ids.itemInfo,
    },
    dropped: data.users.length - kept.length,
  };
}
