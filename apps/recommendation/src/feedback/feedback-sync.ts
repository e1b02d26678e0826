import type { FeedbackRow, FeedbackStore } from './feedback-store.js';

/** Rows applied and rows skipped (items the model does not know). */
export interface SyncCounts {
  applied: number;
  skipped: number;
}

/**
 * Keeps in-memory state in step with the feedback store: `sync()` applies every row stored since
 * the last call, whoever wrote it (this process, or another server process sharing the file).
 * With nothing new it costs one index lookup, so a server calls it before each read that
 * feedback changes, and feedback takes effect in every process as soon as it is committed.
 */
export class FeedbackSync {
  private readonly store: FeedbackStore;
  /** Applies one row; false when the row cannot apply (an item the model does not know). */
  private readonly apply: (row: FeedbackRow) => boolean;
  private lastId = 0;

  constructor(store: FeedbackStore, apply: (row: FeedbackRow) => boolean) {
    this.store = store;
    this.apply = apply;
  }

  sync(): SyncCounts {
    const counts = { applied: 0, skipped: 0 };
    for (const row of this.store.after(this.lastId)) {
      if (this.apply(row)) counts.applied++;
      else counts.skipped++;
      this.lastId = row.id;
    }
    return counts;
  }
}
