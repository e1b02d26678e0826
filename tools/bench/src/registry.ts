import type { Benchmark, Reference } from './benchmark.js';
import { testAccuracy } from './benchmarks/accuracy.js';
import { backendParity } from './benchmarks/backend-parity.js';
import { matmulRate } from './benchmarks/matmul.js';
import { inferenceThroughput, trainingThroughput } from './benchmarks/throughput.js';
import { torchReference } from './benchmarks/torch-reference.js';

/** Every benchmark of the tfjs backend, in the order `pnpm bench` runs them. */
export const BENCHMARKS: readonly Benchmark[] = Object.freeze([
  trainingThroughput('mlp', 30_000),
  inferenceThroughput('mlp'),
  trainingThroughput('reference-cnn', 6_400),
  inferenceThroughput('reference-cnn'),
  matmulRate,
  testAccuracy('accuracy-mlp', { model: 'mlp', builder: { hiddenUnits: [256] }, epochs: 5, cosineFrom: 0.002 }),
  testAccuracy('accuracy-cnn', { model: 'reference-cnn', epochs: 1 }),
  backendParity,
]);

/** Other runtimes, measured before the tfjs backend starts and compared with it at the end. */
export const REFERENCES: readonly Reference[] = Object.freeze([torchReference]);

/** What runs when nothing is named: the throughput figures, the matrix-product rate and the PyTorch comparison. */
export const DEFAULT_BENCHMARKS = ['train-mlp', 'infer-mlp', 'train-cnn', 'infer-cnn', 'matmul', 'torch-cnn'];
