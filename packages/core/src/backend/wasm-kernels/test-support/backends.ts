import { tf } from '../../../tf.js';

/** Uniform values in [-1, 1) from a seeded generator (mulberry32), so every run sees the same data. */
export function seededValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return values;
}

/** A tensor of seeded values in [-1, 1). */
export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seededValues(tf.util.sizeFromShape(shape), seed), shape);
}

type Compute = () => tf.Tensor | tf.Tensor[];

/**
 * Runs `compute` on a backend and returns its outputs' values and shapes. Inputs must be made
 * inside `compute`, so that they live on that backend; every tensor is disposed.
 */
export async function runOn(
  backend: 'cpu' | 'wasm',
  compute: Compute,
): Promise<{ values: Float32Array[]; shapes: number[][] }> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(() => [compute()].flat());
  const values = outputs.map((t) => Float32Array.from(t.dataSync()));
  const shapes = outputs.map((t) => t.shape);
  tf.dispose(outputs);
  return { values, shapes };
}

/**
 * The largest absolute difference between two arrays relative to the magnitude of the
 * expected one: `max |a - e| / max(max |e|, 1e-6)`.
 */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / scale;
}

/**
 * Runs `compute` on `wasm` and `reference` (by default the same computation) on `cpu`, leaving
 * wasm active, and returns the worst relative error of wasm's outputs against cpu's, after
 * checking the shapes agree. It also checks that wasm's tensor and data-buffer counts are back
 * where they started: kernels that leak intermediates show up in `numDataBuffers` only.
 */
export async function wasmErrorAgainstCpu(compute: Compute, reference: Compute = compute): Promise<number> {
  const cpu = await runOn('cpu', reference);
  await tf.setBackend('wasm');
  const before = tf.memory();
  const wasm = await runOn('wasm', compute);
  const after = tf.memory();
  if (after.numTensors !== before.numTensors || after.numDataBuffers !== before.numDataBuffers) {
    throw new Error(
      `wasm leaked: ${before.numTensors} -> ${after.numTensors} tensors, ` +
        `${before.numDataBuffers} -> ${after.numDataBuffers} data buffers`,
    );
  }
  if (JSON.stringify(wasm.shapes) !== JSON.stringify(cpu.shapes)) {
    throw new Error(`shapes differ: wasm ${JSON.stringify(wasm.shapes)}, cpu ${JSON.stringify(cpu.shapes)}`);
  }
  return Math.max(...wasm.values.map((values, i) => relativeError(values, cpu.values[i] as Float32Array)));
}
