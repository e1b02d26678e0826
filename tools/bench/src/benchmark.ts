import type { BackendInfo, Logger } from '@scenarios/core';

/** One figure a benchmark measured. */
export interface Measurement {
  benchmark: string;
  /** What ran: a backend name, or a reference runtime such as `torch 1.13.1`. */
  runtime: string;
  metric: string;
  value: number;
  unit: string;
  /** Free-form context printed beside the figure (samples, batch size, threads...). */
  notes?: string;
}

export interface BenchContext {
  backend: BackendInfo;
  logger: Logger;
  /** Overrides a benchmark's default work size (number of samples), for quick runs. */
  samples: number | undefined;
}

/** A measurement of the default tfjs backend. */
export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<Measurement[]>;
}

/**
 * Another runtime measured in a child process, and the comparison of this run's tfjs figures with it.
 * References run before the tfjs backend starts: PyTorch started from a process whose wasm backend
 * had started ran 6 to 15 times slower than from a fresh process, which would flatter every ratio.
 */
export interface Reference {
  name: string;
  description: string;
  run(context: { logger: Logger }): Promise<Measurement[]>;
  /** Figures derived from the whole run (ratios and the like), once every benchmark has run. */
  compare(measurements: readonly Measurement[]): Measurement[];
}
