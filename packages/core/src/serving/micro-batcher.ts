import { performance } from 'node:perf_hooks';
import { ScenarioError } from '../errors.js';

/** Hooks through which a batcher reports what it does, for example to Prometheus metrics. */
export interface BatcherObserver {
  /** Called when a batch starts, with its size. */
  onBatch?(size: number): void;
  /** Called whenever the number of items waiting for a batch changes. */
  onQueueDepth?(depth: number): void;
}

/** Tuning knobs of a `MicroBatcher`, shared with `createServer`'s `batching` option. */
export interface MicroBatcherConfig {
  /** Largest number of items handed to one `run` call. Default 32. */
  maxBatchSize?: number;
  /** Longest time the oldest waiting item waits for others to join its batch. Default 2 ms. */
  maxDelayMs?: number;
}

export interface MicroBatcherOptions<I, O> extends MicroBatcherConfig {
  /** Processes a batch; must return exactly one output per item, in the same order. */
  run: (items: I[]) => Promise<O[]>;
  observer?: BatcherObserver;
}

export interface SubmitOptions {
  /** Aborting removes the item if its batch has not started yet; the promise rejects with the reason. */
  signal?: AbortSignal;
}

interface Entry<I, O> {
  item: I;
  enqueuedAt: number;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

/**
 * Groups concurrent `submit(item)` calls into `run(items)` calls, so a model sees one batch instead
 * of many single requests. A batch starts when `maxBatchSize` items wait or when the oldest has waited
 * `maxDelayMs`. One batch runs at a time: a model on one JS thread gains nothing from running two, and
 * items that arrive meanwhile form the next, larger batch.
 *
 * @example
 * const batcher = new MicroBatcher({ run: async (xs: number[]) => xs.map((x) => x * 2), maxDelayMs: 5 });
 * await Promise.all([batcher.submit(1), batcher.submit(2)]); // [2, 4], from one run([1, 2])
 */
export class MicroBatcher<I, O> {
  readonly maxBatchSize: number;
  readonly maxDelayMs: number;
  readonly #run: (items: I[]) => Promise<O[]>;
  readonly #observer: BatcherObserver;
  #queue: Entry<I, O>[] = [];
  #running = false;
  #closing = false;
  #timer: NodeJS.Timeout | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(options: MicroBatcherOptions<I, O>) {
    this.maxBatchSize = options.maxBatchSize ?? 32;
    this.maxDelayMs = options.maxDelayMs ?? 2;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new ScenarioError('INVALID_ARGUMENT', `maxBatchSize must be a positive integer, got ${this.maxBatchSize}`);
    }
    if (!(this.maxDelayMs >= 0)) {
      throw new ScenarioError('INVALID_ARGUMENT', `maxDelayMs must be >= 0, got ${this.maxDelayMs}`);
    }
    this.#run = options.run;
    this.#observer = options.observer ?? {};
  }

  /** Items waiting for a batch (not counting the batch that is running). */
  get queueDepth(): number {
    return this.#queue.length;
  }

  /** Queues `item` and resolves with its own output once its batch has run. */
  submit(item: I, options: SubmitOptions = {}): Promise<O> {
    if (this.#closing) return Promise.reject(new ScenarioError('NOT_READY', 'the batcher is shutting down'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<O>((resolve, reject) => {
      const entry: Entry<I, O> = { item, enqueuedAt: performance.now(), resolve, reject, detach: () => {} };
      if (signal) {
        const onAbort = () => this.#drop(entry, signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        entry.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(entry);
      this.#reportDepth();
      this.#pump();
    });
  }

  /**
   * Stops accepting items, runs everything already queued without waiting for `maxDelayMs`, and
   * resolves once the last batch has finished. Calling it again returns the same kind of promise.
   */
  close(): Promise<void> {
    this.#closing = true;
    this.#pump();
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #drop(entry: Entry<I, O>, reason: unknown): void {
    const index = this.#queue.indexOf(entry);
    if (index < 0) return; // its batch already started; the caller simply ignores the result
    this.#queue.splice(index, 1);
    this.#reportDepth();
    entry.reject(reason);
    if (this.#queue.length === 0) this.#clearTimer();
    this.#settleIdle();
  }

  #pump(): void {
    if (this.#running || this.#queue.length === 0) return;
    const oldest = this.#queue[0] as Entry<I, O>;
    const waited = performance.now() - oldest.enqueuedAt;
    if (this.#closing || this.#queue.length >= this.maxBatchSize || waited >= this.maxDelayMs) {
      this.#clearTimer();
      void this.#runBatch(this.#queue.splice(0, this.maxBatchSize));
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, this.maxDelayMs - waited);
  }

  async #runBatch(batch: Entry<I, O>[]): Promise<void> {
    this.#running = true;
    this.#reportDepth();
    for (const entry of batch) entry.detach();
    try {
      this.#observer.onBatch?.(batch.length);
      const outputs = await this.#run(batch.map((entry) => entry.item));
      if (!Array.isArray(outputs) || outputs.length !== batch.length) {
        const got = Array.isArray(outputs) ? `${outputs.length} outputs` : typeof outputs;
        throw new ScenarioError('INTERNAL', `batch run returned ${got} for ${batch.length} items`);
      }
      batch.forEach((entry, i) => {
        entry.resolve(outputs[i] as O);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.#running = false;
      this.#pump();
      this.#settleIdle();
    }
  }

  #settleIdle(): void {
    if (this.#running || this.#queue.length > 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #reportDepth(): void {
    this.#observer.onQueueDepth?.(this.#queue.length);
  }
}
