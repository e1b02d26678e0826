import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { locateFashionMnist } from '@scenarios/core/data';
import { buildModel } from '@scenarios/core/models';
import type { Measurement, Reference } from '../benchmark.js';
import { forwardFlops, trainingFlops } from '../model-flops.js';

const run = promisify(execFile);

/** The same network trained and evaluated with PyTorch: the reference the wasm backend is measured against. */
const SCRIPT = fileURLToPath(new URL('../../reference/torch_fashion_cnn.py', import.meta.url));
/** The 1024x1024 matrix product of the `matmul` benchmark, in PyTorch. */
const MATMUL_SCRIPT = fileURLToPath(new URL('../../reference/torch_matmul.py', import.meta.url));
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const THREADS = 2;
const RUNTIME_PREFIX = 'torch ';

/**
 * Runs the PyTorch reference (Debian's python3-torch) in this run: one epoch of the reference CNN
 * and the 1024x1024 matrix product. Compares the wasm figures of the same run with it: ratios,
 * and the CNN's throughputs as GFLOP/s, to set beside the matrix-product rate of each runtime.
 */
export const torchReference: Reference = {
  name: 'torch-cnn',
  description:
    "the reference CNN and the 1024x1024 matrix product in PyTorch (python3-torch), 2 threads, run first; the ratios of this run's figures to them",
  async run({ logger }): Promise<Measurement[]> {
    // Only the directory: loading the images here would start a tfjs backend before PyTorch runs.
    const { dir, source } = await locateFashionMnist({ logger, allowSample: true });
    if (source === 'sample') {
      logger.warn(
        'torch-cnn needs the full Fashion-MNIST set (the committed sample has no full training split); skipped',
      );
      return [];
    }
    let stdout: string;
    let matmulStdout: string;
    try {
      ({ stdout } = await run(PYTHON, [SCRIPT, dir, '1', String(THREADS)], { timeout: 20 * 60_000 }));
      ({ stdout: matmulStdout } = await run(PYTHON, [MATMUL_SCRIPT, String(THREADS)], { timeout: 5 * 60_000 }));
    } catch (error) {
      logger.warn(
        `torch-cnn skipped: PyTorch did not run (${(error as Error).message.split('\n')[0]}); install it with apt-get install python3-torch`,
      );
      return [];
    }
    const figures = parseTorchOutput(stdout);
    const runtime = `${RUNTIME_PREFIX}${figures.version}`;
    return [
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
      {
        benchmark: 'matmul',
        runtime,
        metric: 'arithmetic',
        value: parseMatmulOutput(matmulStdout),
        unit: 'GFLOP/s',
        notes: `20 products, ${THREADS} threads`,
      },
    ];
  },
  compare(measurements): Measurement[] {
    const isTorch = (m: Measurement) => m.runtime.startsWith(RUNTIME_PREFIX);
    const ratios = measurements.filter(isTorch).flatMap((reference): Measurement[] => {
      const ours = measurements.find(
        (m) => !isTorch(m) && m.benchmark === reference.benchmark && m.metric === reference.metric,
      );
      if (!ours || (reference.metric !== 'throughput' && reference.benchmark !== 'matmul')) return [];
      return [
        {
          benchmark: reference.benchmark,
          runtime: `${ours.runtime} / torch`,
          metric: 'ratio',
          value: ours.value / reference.value,
          unit: 'x',
        },
      ];
    });
    return [...ratios, ...arithmeticRates(measurements)];
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

/** The GFLOP/s of `torch_matmul.py`'s line: `torch 1.13.1 threads=2 matmul_gflops=129.5`. */
export function parseMatmulOutput(stdout: string): number {
  const value = Number(stdout.match(/matmul_gflops=(\S+)/)?.[1]);
  if (!Number.isFinite(value)) throw new Error(`unexpected output from the PyTorch matmul reference: ${stdout.trim()}`);
  return value;
}
