import { ScenarioError } from '@scenarios/core';

/** What the data says about one item. */
export interface ItemInfo {
  /** Empty when the data has no titles. */
  title: string;
  genres: string[];
}

/**
 * User-item interactions with stable id maps: user and item indices number the distinct raw ids
 * in ascending order, so the same data always gives the same indices whatever its row order.
 * One row per user-item pair (see `buildInteractions`); rows keep the order of the source.
 */
export interface Interactions {
  /** Raw user id of each user index, ascending. */
  readonly userIds: Int32Array;
  /** Raw item id of each item index, ascending. */
  readonly itemIds: Int32Array;
  /** User index of each row. */
  readonly users: Int32Array;
  /** Item index of each row. */
  readonly items: Int32Array;
  /** Rating of each row, NaN for a row without one; undefined when no row has a rating (implicit data). */
  readonly ratings: Float32Array | undefined;
  /** Seconds since the Unix epoch of each row; undefined when the data has no timestamps. */
  readonly timestamps: Float64Array | undefined;
  /** Metadata by item index (title '' and no genres where the data says nothing). */
  readonly itemInfo: readonly ItemInfo[];
}

/** Largest raw id: ids are stored as 32-bit integers. */
export const MAX_RAW_ID = 2 ** 31 - 1;

/** Whether `value` is a valid raw user or item id: an integer in [0, 2^31 - 1]. */
export function isRawId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_RAW_ID;
}

/**
 * Collects raw rows (raw ids, optional rating and timestamp) in growable typed arrays, so that
 * tens of millions of rows cost 24 bytes each.
 */
export class RowCollector {
  private capacity = 1024;
  private count = 0;
  private userIds = new Int32Array(this.capacity);
  private itemIds = new Int32Array(this.capacity);
  private ratings = new Float32Array(this.capacity);
  private timestamps = new Float64Array(this.capacity);
  private anyRating = false;
  private anyTimestamp = false;

  /** Rows collected so far. */
  get size(): number {
    return this.count;
  }

  /** Adds a row; `rating` and `timestamp` may be NaN (absent). Ids must pass `isRawId`. */
  add(row: { user: number; item: number; rating?: number; timestamp?: number }): void {
    if (this.count === this.capacity) this.grow();
    const n = this.count++;
    this.userIds[n] = row.user;
    this.itemIds[n] = row.item;
    const rating = row.rating ?? Number.NaN;
    const timestamp = row.timestamp ?? Number.NaN;
    this.ratings[n] = rating;
    this.timestamps[n] = timestamp;
    if (!Number.isNaN(rating)) this.anyRating = true;
    if (!Number.isNaN(timestamp)) this.anyTimestamp = true;
  }

  /** The rows as trimmed arrays; `ratings`/`timestamps` are undefined when no row had one. */
  rows(): { userIds: Int32Array; itemIds: Int32Array; ratings?: Float32Array; timestamps?: Float64Array } {
    const n = this.count;
    return {
      userIds: this.userIds.slice(0, n),
      itemIds: this.itemIds.slice(0, n),
      ...(this.anyRating ? { ratings: this.ratings.slice(0, n) } : {}),
      ...(this.anyTimestamp ? { timestamps: this.timestamps.slice(0, n) } : {}),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Int32Array | Float32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(this.capacity);
      next.set(old);
      return next;
    };
    this.userIds = grown(this.userIds, (n) => new Int32Array(n));
    this.itemIds = grown(this.itemIds, (n) => new Int32Array(n));
    this.ratings = grown(this.ratings, (n) => new Float32Array(n));
    this.timestamps = grown(this.timestamps, (n) => new Float64Array(n));
  }
}

export interface BuildInteractionsOptions {
  /** Item metadata by raw item id. Default none. */
  itemInfo?: ReadonlyMap<number, ItemInfo>;
  /** Names the data in error messages. */
  source: string;
}

/**
 * Indexes collected rows. A user-item pair that occurs more than once keeps only its latest row
 * (the largest timestamp; on a tie, or without timestamps, the later row), so a re-rating
 * replaces the earlier rating. DATA_CORRUPT when there are no rows.
 */
export function buildInteractions(collector: RowCollector, options: BuildInteractionsOptions): Interactions {
  const raw = collector.rows();
  const n = raw.userIds.length;
  if (n === 0) throw new ScenarioError('DATA_CORRUPT', `${options.source} holds no interactions`);
  const userIds = distinctSorted(raw.userIds);
  const itemIds = distinctSorted(raw.itemIds);
  const userIndex = indexById(userIds);
  const itemIndex = indexById(itemIds);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    users[r] = userIndex.get(raw.userIds[r] as number) as number;
    items[r] = itemIndex.get(raw.itemIds[r] as number) as number;
  }
  const keep = latestPerPair({ users, items, timestamps: raw.timestamps, numUsers: userIds.length });
  const info = options.itemInfo;
  return {
    userIds,
    itemIds,
    users: selectRows(users, keep),
    items: selectRows(items, keep),
    ratings: raw.ratings ? selectRows(raw.ratings, keep) : undefined,
    timestamps: raw.timestamps ? selectRows(raw.timestamps, keep) : undefined,
    itemInfo: Array.from(itemIds, (id) => info?.get(id) ?? { title: '', genres: [] }),
  };
}

function selectRows<T extends Int32Array | Float32Array | Float64Array>(values: T, keep: Int32Array): T {
  if (keep.length === values.length) return values;
  const out = new (values.constructor as new (n: number) => T)(keep.length);
  for (let j = 0; j < keep.length; j++) out[j] = values[keep[j] as number] as number;
  return out;
}

function distinctSorted(values: Int32Array): Int32Array {
  const sorted = values.slice().sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i] as number;
  }
  return sorted.slice(0, distinct);
}

/** Raw id to index, for an id map such as `userIds`. */
export function indexById(ids: ArrayLike<number>): Map<number, number> {
  const map = new Map<number, number>();
  for (let index = 0; index < ids.length; index++) map.set(ids[index] as number, index);
  return map;
}

/** The rows to keep, in source order: the latest row of every user-item pair. */
function latestPerPair(args: {
  users: Int32Array;
  items: Int32Array;
  timestamps: Float64Array | undefined;
  numUsers: number;
}): Int32Array {
  const { users, items, timestamps } = args;
  const { offsets, rows } = groupRowsByUser(users, args.numUsers);
  const dropped = new Uint8Array(users.length);
  let droppedCount = 0;
  for (let u = 0; u < args.numUsers; u++) {
    const start = offsets[u] as number;
    const end = offsets[u + 1] as number;
    const group = Array.from(rows.subarray(start, end));
    // Within a user: by item, then by recency, so the last row of each item run is the one to keep.
    group.sort((a, b) => (items[a] as number) - (items[b] as number) || compareRecency(timestamps, a, b));
    for (let j = 0; j + 1 < group.length; j++) {
      if (items[group[j] as number] === items[group[j + 1] as number]) {
        dropped[group[j] as number] = 1;
        droppedCount++;
      }
    }
  }
  const keep = new Int32Array(users.length - droppedCount);
  let k = 0;
  for (let r = 0; r < users.length; r++) if (dropped[r] === 0) keep[k++] = r;
  return keep;
}

/** Orders two rows by timestamp, then by position: negative when `a` came first. */
export function compareRecency(timestamps: Float64Array | undefined, a: number, b: number): number {
  if (timestamps) {
    const diff = (timestamps[a] as number) - (timestamps[b] as number);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  return a - b;
}

/** Rows grouped by user (a counting sort): the rows of user u are `rows[offsets[u]..offsets[u+1])`, in row order. */
export function groupRowsByUser(users: Int32Array, numUsers: number): { offsets: Int32Array; rows: Int32Array } {
  const offsets = new Int32Array(numUsers + 1);
  for (const u of users) offsets[u + 1] = (offsets[u + 1] as number) + 1;
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = (offsets[u + 1] as number) + (offsets[u] as number);
  const fill = offsets.slice(0, numUsers);
  const rows = new Int32Array(users.length);
  users.forEach((u, r) => {
    rows[fill[u] as number] = r;
    fill[u] = (fill[u] as number) + 1;
  });
  return { offsets, rows };
}

/**
 * Each user's rows from oldest to newest (by timestamp, ties and missing timestamps by row order),
 * as `rows[offsets[u]..offsets[u+1])`. Optionally only the rows `include` marks.
 */
export function rowsByUserInTimeOrder(
  data: Pick<Interactions, 'users' | 'timestamps' | 'userIds'>,
  include?: Uint8Array,
): { offsets: Int32Array; rows: Int32Array } {
  const numUsers = data.userIds.length;
  const { offsets, rows } = groupRowsByUser(data.users, numUsers);
  const outOffsets = new Int32Array(numUsers + 1);
  const out = new Int32Array(rows.length);
  let filled = 0;
  for (let u = 0; u < numUsers; u++) {
    const group = Array.from(rows.subarray(offsets[u] as number, offsets[u + 1] as number)).filter(
      (r) => include === undefined || include[r] === 1,
    );
    group.sort((a, b) => compareRecency(data.timestamps, a, b));
    out.set(group, filled);
    filled += group.length;
    outOffsets[u + 1] = filled;
  }
  return { offsets: outOffsets, rows: out.slice(0, filled) };
}
