import { tf } from '@scenarios/core';
import type { Dataset } from '@scenarios/core/data';
import { buildModel, type ModelName } from '@scenarios/core/models';
import { train } from '@scenarios/core/training';
import type { BenchContext, Benchmark, Measurement } from '../benchmark.js';
import { fashionMnist } from './fashion-data.js';

const TRAIN_BATCH_SIZE = 64; // as the PyTorch reference
const INFER_BATCH_SIZE = 256; // as the PyTorch reference
const WARMUP_SAMPLES = 256;

function firstN(dataset: Dataset, n: number): Dataset {
  return dataset.subset(Int32Array.from({ length: Math.min(n, dataset.size) }, (_, i) => i));
}

/** Training samples/s of one pass with Adam at batch 64, after a warm-up pass that compiles the kernels. */
export function trainingThroughput(model: ModelName, defaultSamples: number): Benchmark {
  return {
    name: `train-${shortName(model)}`,
    description: `training samples/s of ${model} on Fashion-MNIST, batch ${TRAIN_BATCH_SIZE}, Adam`,
    async run(context: BenchContext): Promise<Measurement[]> {
      const { dataset } = await fashionMnist('train', context.logger);
      const samples = Math.min(context.samples ?? defaultSamples, dataset.size);
      const net = buildModel(model);
      try {
        await train(net, { trainData: firstN(dataset, WARMUP_SAMPLES), batchSize: TRAIN_BATCH_SIZE });
        const start = performance.now();
        await train(net, { trainData: firstN(dataset, samples), batchSize: TRAIN_BATCH_SIZE, seed: 1 });
        const seconds = (performance.now() - start) / 1000;
        return [measure(this.name, context, samples / seconds, `${samples} samples, batch ${TRAIN_BATCH_SIZE}`)];
      } finally {
        net.dispose();
      }
    },
  };
}

/** Inference samples/s over the test split at batch 256, after one warm-up batch. */
export function inferenceThroughput(model: ModelName): Benchmark {
  return {
    name: `infer-${shortName(model)}`,
    description: `inference samples/s of ${model} on the Fashion-MNIST test split, batch ${INFER_BATCH_SIZE}`,
    async run(context: BenchContext): Promise<Measurement[]> {
      const { dataset } = await fashionMnist('test', context.logger);
      const data = firstN(dataset, context.samples ?? dataset.size);
      const net = buildModel(model);
      try {
        await predictAll(net, firstN(dataset, INFER_BATCH_SIZE));
        const start = performance.now();
        await predictAll(net, data);
        const seconds = (performance.now() - start) / 1000;
        return [measure(this.name, context, data.size / seconds, `${data.size} samples, batch ${INFER_BATCH_SIZE}`)];
      } finally {
        net.dispose();
      }
    },
  };
}

async function predictAll(net: tf.LayersModel, data: Dataset): Promise<void> {
  for (const { xs, ys } of data.batches({ batchSize: INFER_BATCH_SIZE })) {
    const probabilities = net.predict(xs) as tf.Tensor;
    await probabilities.data();
    tf.dispose([xs, ys, probabilities]);
  }
}

function measure(benchmark: string, context: BenchContext, value: number, notes: string): Measurement {
  const threads = context.backend.threads === undefined ? '' : `, ${context.backend.threads} threads`;
  return {
    benchmark,
    runtime: context.backend.name,
    metric: 'throughput',
    value,
    unit: 'samples/s',
    notes: notes + threads,
  };
}

function shortName(model: ModelName): string {
  return model === 'reference-cnn' ? 'cnn' : model;
}
