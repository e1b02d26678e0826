import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import type { Batch, BatchOptions, Dataset, ElementSpec } from './dataset.js';
import { sizeOf } from './nd-array.js';
import { createRng } from './random.js';

export interface ArrayDatasetOptions {
  /** Every example's input, concatenated in row-major order. */
  inputs: Uint8Array | Float32Array;
  /** Shape of one input, e.g. [28, 28, 1]. */
  inputShape: readonly number[];
  /** Class labels (Int32Array) or regression / multi-output targets (Float32Array). */
  targets: Int32Array | Float32Array;
  /** Shape of one target. Default [] (one value per example). */
  targetShape?: readonly number[];
  /** Multiplies the inputs when a batch is built, e.g. 1/255 for uint8 pixels. Default 1. */
  inputScale?: number;
  /** Show only these rows of the arrays, in this order, without copying them. Default: every row. */
  rows?: ArrayLike<number>;
}

/** The arrays behind a dataset and its views; shared, never copied, by `subset`. */
interface Store {
  inputs: Uint8Array | Float32Array;
  targets: Int32Array | Float32Array;
  inputSize: number;
  targetSize: number;
  inputScale: number;
}

/**
 * A `Dataset` over host typed arrays. Inputs become float32 batches (scaled by `inputScale`);
 * Int32 targets become int32 batches, Float32 targets float32. `subset` returns a view that
 * shares the arrays. Tensors that `batches()` yields belong to the caller.
 *
 * @example
 * const ds = new ArrayDataset({ inputs: pixels, inputShape: [28, 28, 1], targets: labels, inputScale: 1 / 255 });
 * for (const { xs, ys } of ds.batches({ batchSize: 32, shuffle: true, seed: epoch })) { ...; tf.dispose([xs, ys]); }
 */
export class ArrayDataset implements Dataset {
  readonly size: number;
  readonly elementSpec: ElementSpec;
  /** Present when the targets are one Int32 class label per example. */
  readonly labels?: () => Int32Array;
  readonly #store: Store;
  /** Rows of the store that this view shows, in order; undefined means all rows in order. */
  readonly #rows: Int32Array | undefined;

  constructor(options: ArrayDatasetOptions) {
    const { inputs, inputShape, targets } = options;
    const targetShape = options.targetShape ?? [];
    const inputSize = sizeOf(inputShape);
    const targetSize = sizeOf(targetShape);
    const inputScale = options.inputScale ?? 1;
    if (inputSize === 0 || targetSize === 0) {
      throw new ScenarioError('INVALID_ARGUMENT', 'input and target shapes must have at least one element');
    }
    if (!Number.isFinite(inputScale)) throw new ScenarioError('INVALID_ARGUMENT', `inputScale must be finite`);
    const rowCount = targets.length / targetSize;
    if (!Number.isInteger(rowCount) || inputs.length !== rowCount * inputSize) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `${inputs.length} input values of shape [${inputShape.join(', ')}] and ${targets.length} target values of ` +
          `shape [${targetShape.join(', ')}] do not describe the same number of examples`,
      );
    }
    this.#store = { inputs, targets, inputSize, targetSize, inputScale };
    this.#rows = options.rows === undefined ? undefined : checkedRows(options.rows, rowCount);
    this.size = this.#rows ? this.#rows.length : rowCount;
    this.elementSpec = {
      x: { shape: [...inputShape], dtype: 'float32' },
      y: { shape: [...targetShape], dtype: targets instanceof Int32Array ? 'int32' : 'float32' },
    };
    if (targets instanceof Int32Array && targetSize === 1) this.labels = () => this.#labels();
  }

  /**
   * Yields batches of `batchSize` examples, in order or shuffled by `seed` (the same seed gives
   * the same order; vary it per epoch, e.g. `deriveSeed(seed, epoch)`). Each call is a new pass;
   * a tensor pair is built only when the next batch is requested.
   */
  *batches(options: BatchOptions): IterableIterator<Batch> {
    const { batchSize, shuffle = false, seed = 0, includePartial = true } = options;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new ScenarioError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`);
    }
    const order = shuffle ? createRng(seed).shuffledIndices(this.size) : undefined;
    const end = includePartial ? this.size : this.size - (this.size % batchSize);
    for (let start = 0; start < end; start += batchSize) {
      const positions = new Int32Array(Math.min(batchSize, end - start));
      for (let i = 0; i < positions.length; i++) positions[i] = order ? (order[start + i] as number) : start + i;
      yield this.#batchAt(positions);
    }
  }

  /** A view of the examples at `indices` (positions in this dataset), sharing the arrays. */
  subset(indices: ArrayLike<number>): ArrayDataset {
    const rows = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const position = indices[i] as number;
      if (!Number.isInteger(position) || position < 0 || position >= this.size) {
        throw new ScenarioError('INVALID_ARGUMENT', `subset index ${position} is outside [0, ${this.size})`);
      }
      rows[i] = this.#row(position);
    }
    const { inputs, targets, inputScale } = this.#store;
    const { x, y } = this.elementSpec;
    return new ArrayDataset({ inputs, inputShape: x.shape, targets, targetShape: y.shape, inputScale, rows });
  }

  #row(position: number): number {
    return this.#rows ? (this.#rows[position] as number) : position;
  }

  #labels(): Int32Array {
    const targets = this.#store.targets as Int32Array;
    if (!this.#rows) return targets.slice(0, this.size);
    const out = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = targets[this.#rows[i] as number] as number;
    return out;
  }

  #batchAt(positions: Int32Array): Batch {
    const { inputs, targets, inputSize, targetSize, inputScale } = this.#store;
    const n = positions.length;
    const xs = new Float32Array(n * inputSize);
    const ys = targets instanceof Int32Array ? new Int32Array(n * targetSize) : new Float32Array(n * targetSize);
    for (let i = 0; i < n; i++) {
      const row = this.#row(positions[i] as number);
      xs.set(inputs.subarray(row * inputSize, (row + 1) * inputSize), i * inputSize);
      ys.set(targets.subarray(row * targetSize, (row + 1) * targetSize), i * targetSize);
    }
    if (inputScale !== 1) for (let i = 0; i < xs.length; i++) xs[i] = (xs[i] as number) * inputScale;
    return {
      xs: tf.tensor(xs, [n, ...this.elementSpec.x.shape], 'float32'),
      ys: tf.tensor(ys, [n, ...this.elementSpec.y.shape], this.elementSpec.y.dtype),
    };
  }
}

function checkedRows(rows: ArrayLike<number>, rowCount: number): Int32Array {
  const out = Int32Array.from(rows);
  for (let i = 0; i < out.length; i++) {
    if ((out[i] as number) >= rowCount || (out[i] as number) < 0 || out[i] !== rows[i]) {
      throw new ScenarioError('INVALID_ARGUMENT', `row ${rows[i]} is outside [0, ${rowCount})`);
    }
  }
  return out;
}
