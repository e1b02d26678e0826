import type { Batch, BatchOptions, Dataset, ElementSpec } from '../../data/dataset.js';
import { tf } from '../../tf.js';

/**
 * A small in-memory `Dataset` for the training tests, written against the interface only:
 * examples are rows of flat typed arrays, batches become tensors on demand, and the
 * shuffle is a seeded Fisher-Yates (mulberry32), so a seed fixes the order.
 */
export class TensorDataset implements Dataset {
  readonly size: number;
  readonly elementSpec: ElementSpec;
  private readonly x: Float32Array;
  private readonly y: Float32Array | Int32Array;

  constructor(data: { x: Float32Array; y: Float32Array | Int32Array; elementSpec: ElementSpec }) {
    this.elementSpec = data.elementSpec;
    this.x = data.x;
    this.y = data.y;
    this.size = data.x.length / sizeOf(data.elementSpec.x.shape);
    if (data.y.length / sizeOf(data.elementSpec.y.shape) !== this.size) throw new Error('x and y sizes differ');
  }

  *batches(options: BatchOptions): IterableIterator<Batch> {
    const order = options.shuffle
      ? shuffled(this.size, options.seed ?? 0)
      : Array.from({ length: this.size }, (_, i) => i);
    const xSize = sizeOf(this.elementSpec.x.shape);
    const ySize = sizeOf(this.elementSpec.y.shape);
    for (let start = 0; start < this.size; start += options.batchSize) {
      const rows = order.slice(start, start + options.batchSize);
      if (rows.length < options.batchSize && options.includePartial === false) return;
      const xs = new Float32Array(rows.length * xSize);
      const ys =
        this.y instanceof Int32Array ? new Int32Array(rows.length * ySize) : new Float32Array(rows.length * ySize);
      rows.forEach((row, i) => {
        xs.set(this.x.subarray(row * xSize, (row + 1) * xSize), i * xSize);
        ys.set(this.y.subarray(row * ySize, (row + 1) * ySize), i * ySize);
      });
      yield {
        xs: tf.tensor(xs, [rows.length, ...this.elementSpec.x.shape], 'float32'),
        ys: tf.tensor(ys, [rows.length, ...this.elementSpec.y.shape], this.elementSpec.y.dtype),
      };
    }
  }

  subset(indices: ArrayLike<number>): Dataset {
    const rows = Array.from(indices);
    const xSize = sizeOf(this.elementSpec.x.shape);
    const ySize = sizeOf(this.elementSpec.y.shape);
    const x = new Float32Array(rows.length * xSize);
    const y =
      this.y instanceof Int32Array ? new Int32Array(rows.length * ySize) : new Float32Array(rows.length * ySize);
    rows.forEach((row, i) => {
      x.set(this.x.subarray(row * xSize, (row + 1) * xSize), i * xSize);
      y.set(this.y.subarray(row * ySize, (row + 1) * ySize), i * ySize);
    });
    return new TensorDataset({ x, y, elementSpec: this.elementSpec });
  }

  labels(): Int32Array {
    return Int32Array.from(this.y);
  }
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** mulberry32: a 32-bit seeded generator of floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
