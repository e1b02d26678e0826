import type { tf } from '../tf.js';

/** Shape (without the batch dimension) and dtype of one input or target. */
export interface TensorSpec {
  shape: readonly number[];
  dtype: 'float32' | 'int32';
}

export interface ElementSpec {
  x: TensorSpec;
  y: TensorSpec;
}

/** One batch of inputs and targets. The receiver owns the tensors and must dispose them. */
export interface Batch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle the order of examples; uses the seeded PRNG so a seed gives the same order. Default false. */
  shuffle?: boolean;
  /** Seed for the shuffle. Default 0. */
  seed?: number;
  /** Keep a last batch smaller than batchSize. Default true. */
  includePartial?: boolean;
}

/**
 * A finite, indexable collection of examples. Examples stay in host memory and become
 * tensors one batch at a time, so a data set much larger than a batch costs no tensor memory.
 */
export interface Dataset {
  readonly size: number;
  readonly elementSpec: ElementSpec;
  /** Yields batches; each call starts a new pass. */
  batches(options: BatchOptions): IterableIterator<Batch>;
  /** A view of the examples at `indices`, in that order (used for splits). */
  subset(indices: ArrayLike<number>): Dataset;
  /** The integer class label of every example, when the targets are class labels. */
  labels?(): Int32Array;
}
