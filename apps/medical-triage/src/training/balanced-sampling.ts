import { ScenarioError } from '@scenarios/core';
import type { ArrayDataset, Batch, BatchOptions, Dataset, ElementSpec } from '@scenarios/core/data';
import { createRng } from '@scenarios/core/data';

/**
 * Class-balanced resampling of a labelled data set: every pass (`batches()` call) draws `size`
 * examples, each from a class chosen uniformly and then uniformly within that class, with
 * replacement, seeded by the pass's seed. The minority class is therefore seen about as often
 * as the majority, each time with fresh augmentation, instead of once with a large loss weight.
 * `subset` and `labels` describe the underlying examples.
 */
export class BalancedSampling implements Dataset {
  readonly size: number;
  readonly elementSpec: ElementSpec;
  readonly #inner: ArrayDataset;
  readonly #byClass: Int32Array[];

  constructor(inner: ArrayDataset, options: { size?: number } = {}) {
    const labels = inner.labels?.();
    if (!labels) throw new ScenarioError('INVALID_ARGUMENT', 'balanced sampling needs class labels');
    const classes = Math.max(...labels) + 1;
    this.#byClass = Array.from({ length: classes }, (_, c) =>
      Int32Array.from(Array.from(labels).flatMap((label, i) => (label === c ? [i] : []))),
    );
    if (this.#byClass.some((rows) => rows.length === 0)) {
      throw new ScenarioError('INVALID_ARGUMENT', `every class 0..${classes - 1} needs at least one example`);
    }
    this.#inner = inner;
    this.size = options.size ?? inner.size;
    this.elementSpec = inner.elementSpec;
  }

  *batches(options: BatchOptions): IterableIterator<Batch> {
    const rng = createRng(options.seed ?? 0);
    const indices = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const rows = this.#byClass[rng.int(this.#byClass.length)] as Int32Array;
      indices[i] = rows[rng.int(rows.length)] as number;
    }
    yield* this.#inner.subset(indices).batches({ ...options, shuffle: false });
  }

  subset(indices: ArrayLike<number>): Dataset {
    return this.#inner.subset(indices);
  }

  labels(): Int32Array {
    return this.#inner.labels?.() ?? new Int32Array(0);
  }
}
