import { tf } from '@scenarios/core';

/** Options of the `BagOfEmbeddings` layer; also its serialised config. */
export interface BagOfEmbeddingsArgs {
  /** Rows of the embedding table; row 0 is padding and never read. */
  buckets: number;
  /** Width of each embedding. */
  dim: number;
  /** Seeds the initial table. Default 0. */
  seed?: number;
  /** Layer name. */
  name?: string;
}

/**
 * fastText's bag of embeddings (PyTorch's `EmbeddingBag` with `mode='mean'`) as a tfjs layer: takes
 * [batch, maxTokens] feature ids padded with 0 and returns the mean of the embeddings of each row's
 * non-zero ids, [batch, dim] (a row without ids gives zeros). The table starts uniform in
 * +-1/dim as in fastText. Its gradient is a segment sum (GatherV2's gradient), which the wasm
 * backend has through core's training kernels.
 */
export class BagOfEmbeddings extends tf.layers.Layer {
  static readonly className = 'BagOfEmbeddings';
  readonly buckets: number;
  readonly dim: number;
  readonly seed: number;
  private table: tf.LayerVariable | undefined;

  constructor(args: BagOfEmbeddingsArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.buckets = args.buckets;
    this.dim = args.dim;
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const bound = 1 / this.dim;
    this.table = this.addWeight(
      'embeddings',
      [this.buckets, this.dim],
      'float32',
      tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: this.seed }),
    );
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    const table = (this.table as tf.LayerVariable).read();
    return bagMean(table, raggedIds(input));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), buckets: this.buckets, dim: this.dim, seed: this.seed };
  }
}

tf.serialization.registerClass(BagOfEmbeddings);

/** Ragged ids of a batch: see `raggedIds`. */
interface RaggedIds {
  ids: Int32Array;
  rows: Int32Array;
  counts: Float32Array;
}

/**
 * The mean embedding of each row's ids, with its gradient written out: the table's gradient is
 * `dy / count` of each row added into the rows of its ids (one gather, one segment sum). Left to
 * autodiff, the segment sum's own gradient goes through a broadcast logical-and that the wasm
 * backend runs slowly.
 */
function bagMean(table: tf.Tensor, ragged: RaggedIds): tf.Tensor2D {
  const batch = ragged.counts.length;
  const mean = tf.customGrad((...args: unknown[]) => {
    const [weights, save] = args as [tf.Tensor2D, (tensors: tf.Tensor[]) => void];
    const ids = tf.tensor1d(ragged.ids, 'int32');
    const rows = tf.tensor1d(ragged.rows, 'int32');
    const counts = tf.tensor2d(ragged.counts, [batch, 1]);
    // Saved tensors outlive the forward pass, which frees everything else it made.
    save([ids, rows, counts]);
    const value = tf.div(tf.unsortedSegmentSum(tf.gather(weights, ids), rows, batch), counts);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [savedIds, savedRows, savedCounts] = saved as [tf.Tensor1D, tf.Tensor1D, tf.Tensor2D];
      const perRow = tf.div(dy as tf.Tensor, savedCounts);
      return [tf.unsortedSegmentSum(tf.gather(perRow, savedRows), savedIds, weights.shape[0] as number)];
    };
    return { value, gradFunc };
  });
  return mean(table) as tf.Tensor2D;
}

/**
 * The non-zero ids of a padded [batch, slots] id tensor as a ragged list: the ids, the row of
 * each, and each row's count (at least 1, so empty rows divide zeros by one).
 */
function raggedIds(input: tf.Tensor): RaggedIds {
  const [batch = 0, slots = 0] = input.shape;
  const values = input.dataSync();
  let total = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) total++;
  const ids = new Int32Array(total);
  const rows = new Int32Array(total);
  const counts = new Float32Array(batch);
  let at = 0;
  for (let row = 0; row < batch; row++) {
    const start = at;
    for (let slot = row * slots; slot < (row + 1) * slots; slot++) {
      const id = values[slot] as number;
      if (id === 0) continue;
      ids[at] = id;
      rows[at] = row;
      at++;
    }
    counts[row] = Math.max(1, at - start);
  }
  return { ids, rows, counts };
}
