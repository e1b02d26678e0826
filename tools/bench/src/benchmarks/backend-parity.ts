import { tf } from '@scenarios/core';
import type { Dataset } from '@scenarios/core/data';
import { evaluateClassifier } from '@scenarios/core/evaluation';
import { buildModel } from '@scenarios/core/models';
import { train } from '@scenarios/core/training';
import type { BenchContext, Benchmark, Measurement } from '../benchmark.js';
import { fashionMnist } from './fashion-data.js';

// The pure-JS cpu backend trains the CNN at about 2 samples/s, so the comparison trains on a
// prefix of the training split; both backends see the same examples in the same order.
const DEFAULT_SAMPLES = 1_024;

/**
 * Trains the reference CNN for one epoch with the same seed and data on the default backend
 * and on the pure-JS `cpu` backend (tfjs's reference kernels) and compares test accuracy.
 */
export const backendParity: Benchmark = {
  name: 'parity-cnn',
  description: `reference CNN, 1 epoch on the first ${DEFAULT_SAMPLES} training images, seed 0: test accuracy on the default backend vs cpu`,
  async run(context: BenchContext): Promise<Measurement[]> {
    const [{ dataset: trainSplit }, { dataset: testData }] = await Promise.all([
      fashionMnist('train', context.logger),
      fashionMnist('test', context.logger),
    ]);
    const samples = Math.min(context.samples ?? DEFAULT_SAMPLES, trainSplit.size);
    const trainData = trainSplit.subset(Int32Array.from({ length: samples }, (_, i) => i));
    const measurements: Measurement[] = [];
    const accuracies: number[] = [];
    for (const backend of [context.backend.name, 'cpu']) {
      await tf.setBackend(backend);
      const start = performance.now();
      const accuracy = await trainAndTest(trainData, testData);
      const minutes = (performance.now() - start) / 60_000;
      context.logger.info(`parity-cnn: ${backend}: accuracy ${accuracy.toFixed(4)} in ${minutes.toFixed(1)} min`);
      accuracies.push(accuracy);
      const notes = `1 epoch on ${samples} samples, ${testData.size} test`;
      measurements.push({
        benchmark: this.name,
        runtime: backend,
        metric: 'accuracy',
        value: accuracy,
        unit: '',
        notes,
      });
    }
    await tf.setBackend(context.backend.name);
    const [ours = Number.NaN, reference = Number.NaN] = accuracies;
    measurements.push({
      benchmark: this.name,
      runtime: `${context.backend.name} - cpu`,
      metric: 'difference',
      value: 100 * (ours - reference),
      unit: 'pp',
    });
    return measurements;
  },
};

async function trainAndTest(trainData: Dataset, testData: Dataset): Promise<number> {
  const net = buildModel('reference-cnn', { seed: 0 });
  try {
    await train(net, { trainData, epochs: 1, batchSize: 64, seed: 0 });
    return (await evaluateClassifier(net, testData)).accuracy;
  } finally {
    net.dispose();
  }
}
