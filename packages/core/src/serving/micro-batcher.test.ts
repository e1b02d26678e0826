import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { MicroBatcher } from './micro-batcher.js';
import { deferred } from './test-support/served-models.js';

/** A batcher that doubles numbers and records each run's items. */
function doubler(options: { maxBatchSize?: number; maxDelayMs?: number } = {}) {
  const runs: number[][] = [];
  const batcher = new MicroBatcher<number, number>({
    ...options,
    run: async (items) => {
      runs.push(items);
      return items.map((x) => x * 2);
    },
  });
  return { batcher, runs };
}

describe('MicroBatcher', () => {
  it('groups concurrent submits into one run and gives each caller its own output', async () => {
    const { batcher, runs } = doubler({ maxBatchSize: 8, maxDelayMs: 20 });
    const outputs = await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit(x)));
    expect(outputs).toEqual([2, 4, 6, 8, 10]);
    expect(runs).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('never puts more than maxBatchSize items in a run', async () => {
    const { batcher, runs } = doubler({ maxBatchSize: 4, maxDelayMs: 5 });
    const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const outputs = await Promise.all(items.map((x) => batcher.submit(x)));
    expect(outputs).toEqual(items.map((x) => x * 2));
    expect(runs).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
  });

  it('waits at most maxDelayMs for a batch to fill, and not at all once it is full', async () => {
    const { batcher } = doubler({ maxBatchSize: 3, maxDelayMs: 60 });
    let start = performance.now();
    await batcher.submit(1);
    const lone = performance.now() - start;
    expect(lone).toBeGreaterThanOrEqual(55);
    expect(lone).toBeLessThan(500);

    const slow = doubler({ maxBatchSize: 3, maxDelayMs: 5_000 }).batcher;
    start = performance.now();
    await Promise.all([slow.submit(1), slow.submit(2), slow.submit(3)]);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('runs one batch at a time; items arriving meanwhile form the next batch', async () => {
    const gate = deferred();
    const runs: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      maxBatchSize: 10,
      maxDelayMs: 0,
      run: async (items) => {
        runs.push(items);
        if (runs.length === 1) await gate.promise;
        return items;
      },
    });
    const first = batcher.submit(1);
    await new Promise((r) => setTimeout(r, 10));
    const later = [2, 3, 4].map((x) => batcher.submit(x));
    expect(batcher.queueDepth).toBe(3);
    gate.resolve();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every caller of a failed batch with its error, then keeps working', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>({
      maxDelayMs: 5,
      run: async (items) => {
        if (fail) throw new ScenarioError('MODEL_INVALID', 'weights are gone');
        return items;
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((x) => batcher.submit(x)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'MODEL_INVALID', message: 'weights are gone' });
    }
    fail = false;
    expect(await batcher.submit(7)).toBe(7);
  });

  it('rejects with INTERNAL when run returns the wrong number of outputs', async () => {
    const batcher = new MicroBatcher<number, number>({ maxDelayMs: 5, run: async (items) => items.slice(1) });
    const results = await Promise.allSettled([1, 2].map((x) => batcher.submit(x)));
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'INTERNAL' });
  });

  it('reports batch sizes and queue depth', async () => {
    const sizes: number[] = [];
    const depths: number[] = [];
    const batcher = new MicroBatcher<number, number>({
      maxBatchSize: 2,
      maxDelayMs: 10,
      run: async (items) => items,
      observer: { onBatch: (size) => sizes.push(size), onQueueDepth: (depth) => depths.push(depth) },
    });
    await Promise.all([1, 2, 3].map((x) => batcher.submit(x)));
    expect(sizes).toEqual([2, 1]);
    expect(Math.max(...depths)).toBe(2);
    expect(depths.at(-1)).toBe(0);
  });

  it('drops a queued item whose signal aborts, without touching the others', async () => {
    const { batcher, runs } = doubler({ maxBatchSize: 8, maxDelayMs: 30 });
    const controller = new AbortController();
    const kept = batcher.submit(1);
    const dropped = batcher.submit(2, { signal: controller.signal });
    controller.abort(new ScenarioError('TIMEOUT', 'too slow'));
    await expect(dropped).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(await kept).toBe(2);
    expect(runs).toEqual([[1]]);
  });

  it('on close runs what is queued at once, waits for it, and refuses new items', async () => {
    const { batcher, runs } = doubler({ maxBatchSize: 8, maxDelayMs: 10_000 });
    const pending = [batcher.submit(1), batcher.submit(2)];
    const start = performance.now();
    await batcher.close();
    expect(performance.now() - start).toBeLessThan(500);
    expect(runs).toEqual([[1, 2]]);
    expect(await Promise.all(pending)).toEqual([2, 4]);
    await expect(batcher.submit(3)).rejects.toMatchObject({ code: 'NOT_READY' });
  });

  it('rejects a bad configuration', () => {
    const run = async (items: number[]) => items;
    expect(() => new MicroBatcher({ run, maxBatchSize: 0 })).toThrow(/maxBatchSize/);
    expect(() => new MicroBatcher({ run, maxDelayMs: -1 })).toThrow(/maxDelayMs/);
  });
});
