import { ScenarioError } from '@scenarios/core';
import type { FeedbackInput, FeedbackStore, InsertOutcome } from './feedback-store.js';

interface Pending {
  row: FeedbackInput;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
}

export interface FeedbackWriterOptions {
  /** Rows per transaction at most. Default 1000. */
  maxBatch?: number;
  /** Called after each transaction, before its writes resolve (the server updates its in-memory state here). */
  afterCommit?: () => void;
}

/**
 * Group commit in front of a `FeedbackStore`: writes that arrive in the same turn of the event
 * loop are inserted in one transaction, so a burst of feedback costs one disk sync instead of one
 * per request. Each `write` resolves once its row is committed (or found to be a duplicate).
 */
export class FeedbackWriter {
  private readonly store: FeedbackStore;
  private readonly maxBatch: number;
  private readonly afterCommit: (() => void) | undefined;
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;

  constructor(store: FeedbackStore, options: FeedbackWriterOptions = {}) {
    this.store = store;
    this.maxBatch = options.maxBatch ?? 1000;
    this.afterCommit = options.afterCommit;
  }

  /** Queues a row; resolves with the outcome after the commit. NOT_READY once closed. */
  write(row: FeedbackInput): Promise<InsertOutcome> {
    if (this.closed) return Promise.reject(new ScenarioError('NOT_READY', 'the feedback store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      let outcomes: InsertOutcome[];
      try {
        outcomes = this.store.insertMany(batch.map((pending) => pending.row));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        continue;
      }
      this.afterCommit?.();
      batch.forEach((pending, i) => {
        pending.resolve(outcomes[i] as InsertOutcome);
      });
    }
  }

  /** Commits what is queued and refuses further writes. */
  close(): void {
    this.closed = true;
    this.flush();
  }
}
