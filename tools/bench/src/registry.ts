import type { Benchmark } from './benchmark.js';
import { testAccuracy } from './benchmarks/accuracy.js';
import { backendParity } from './benchmarks/backend-parity.js';
import { inferenceThroughput, trainingThroughput } from './benchmarks/throughput.js';
import { torchReference } from './benchmarks/torch-reference.js';

/** Every benchmark, in the order `pnpm bench` runs them when none is named (torch-cnn compares with what ran before it). */
export const BENCHMARKS: readonly Benchmark[] = Object.freeze([
  trainingThroughput('mlp', 30_000),
  inferenceThroughput('mlp'),
  trainingThroughput('reference-cnn', 6_400),
  inferenceThroughput('reference-cnn'),
  torchReference,
  testAccuracy('accuracy-mlp', { model: 'mlp', builder: { hiddenUnits: [256] }, epochs: 5, cosineFrom: 0.002 }),
  testAccuracy('accuracy-cnn', { model: 'reference-cnn', epochs: 1 }),
  backendParity,
]);

/** Benchmarks run when none is named: the throughput figures and the PyTorch comparison. */
export const DEFAULT_BENCHMARKS = ['train-mlp', 'infer-mlp', 'train-cnn', 'infer-cnn', 'torch-cnn'];
