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
  /** The measurements of earlier benchmarks in this run, so a comparison can use them. */
  earlier: readonly Measurement[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<Measurement[]>;
}
