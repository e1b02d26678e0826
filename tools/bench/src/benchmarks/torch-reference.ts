import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildModel } from '@scenarios/core/models';
import type { BenchContext, Benchmark, Measurement } from '../benchmark.js';
import { forwardFlops, trainingFlops } from '../model-flops.js';
import { fashionMnist } from './fashion-data.js';

const run = promisify(execFile);

/** The same network trained and evaluated with PyTorch: the reference the wasm backend is measured against. */
const SCRIPT = fileURLToPath(new URL('../../reference/torch_fashion_cnn.py', import.meta.url));
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const THREADS = 2;

/**
 * Runs the PyTorch reference (Debian's python3-torch) for one epoch in this run, and prints
 * the ratio of the wasm figures measured earlier in the same run to PyTorch's.
 */
export const torchReference: Benchmark = {
  name: 'torch-cnn',
  description: "the reference CNN in PyTorch (python3-torch), 2 threads, and the ratio of this run's figures to it",
  async run(context: BenchContext): Promise<Measurement[]> {
    const { dir, source } = await fashionMnist('train', context.logger);
    if (source === 'sample') {
      context.logger.warn(
        'torch-cnn needs the full Fashion-MNIST set (the committed sample has no full training split); skipped',
      );
      return [];
    }
    let stdout: string;
    try {
      ({ stdout } = await run(PYTHON, [SCRIPT, dir, '1', String(THREADS)], { timeout: 20 * 60_000 }));
    } catch (error) {
      context.logger.warn(
        `torch-cnn skipped: PyTorch did not run (${(error as Error).message.split('\n')[0]}); install it with apt-get install python3-torch`,
      );
      return [];
    }
    const figures = parseTorchOutput(stdout);
    const runtime = `torch ${figures.version}`;
    const measurements: Measurement[] = [
      {
        benchmark: 'train-cnn',
        runtime,
        metric: 'throughput',
        value: figures.train,
        unit: 'samples/s',
        notes: `60000 samples, batch 64, ${THREADS} threads`,
      },
      {
        benchmark: 'infer-cnn',
        runtime,
        metric: 'throughput',
        value: figures.infer,
        unit: 'samples/s',
        notes: `10000 samples, batch 256, ${THREADS} threads`,
      },
      {
        benchmark: 'accuracy-cnn',
        runtime,
        metric: 'accuracy',
        value: figures.accuracy,
        unit: '',
        notes: '1 epoch on 60000 samples',
      },
    ];
    const ratios = measurements.flatMap((reference): Measurement[] => {
      const ours = context.earlier.find((m) => m.benchmark === reference.benchmark && m.metric === reference.metric);
      if (!ours || reference.metric !== 'throughput') return [];
      const ratio = ours.value / reference.value;
      return [
        {
          benchmark: reference.benchmark,
          runtime: `${ours.runtime} / torch`,
          metric: 'ratio',
          value: ratio,
          unit: 'x',
        },
      ];
    });
    return [...measurements, ...ratios, ...arithmeticRates([...context.earlier, ...measurements])];
  },
};

/**
 * The throughputs as GFLOP/s of the network's convolutions and dense layers: the rate each runtime
 * sustains, to set beside what its vector instructions can do at best (see the README).
 */
function arithmeticRates(measurements: readonly Measurement[]): Measurement[] {
  const net = buildModel('reference-cnn');
  const flopsPerSample = { 'train-cnn': trainingFlops(net), 'infer-cnn': forwardFlops(net) };
  net.dispose();
  return measurements.flatMap((m): Measurement[] => {
    const flops = flopsPerSample[m.benchmark as keyof typeof flopsPerSample];
    if (flops === undefined || m.metric !== 'throughput') return [];
    const value = (m.value * flops) / 1e9;
    return [{ benchmark: m.benchmark, runtime: m.runtime, metric: 'arithmetic', value, unit: 'GFLOP/s' }];
  });
}

interface TorchFigures {
  version: string;
  train: number;
  infer: number;
  /** Test accuracy after the one epoch. */
  accuracy: number;
}

export function parseTorchOutput(stdout: string): TorchFigures {
  // One line: `torch 1.13.1 threads=2 epochs=1 train_samples_per_s=1114 infer_samples_per_s=3055 test_acc=0.8460`
  const field = (name: string) => stdout.match(new RegExp(`${name}=(\\S+)`))?.[1];
  const version = stdout.match(/^torch (\S+)/m)?.[1];
  const train = Number(field('train_samples_per_s'));
  const infer = Number(field('infer_samples_per_s'));
  const accuracy = Number(field('test_acc'));
  if (!version || !Number.isFinite(train) || !Number.isFinite(infer) || !Number.isFinite(accuracy)) {
    throw new Error(`unexpected output from the PyTorch reference: ${stdout.trim()}`);
  }
  return { version, train, infer, accuracy };
}
