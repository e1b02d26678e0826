import { evaluateClassifier } from '@scenarios/core/evaluation';
import { buildModel, type ModelName } from '@scenarios/core/models';
import { train } from '@scenarios/core/training';
import type { BenchContext, Benchmark, Measurement } from '../benchmark.js';
import { fashionMnist } from './fashion-data.js';

/** Test accuracy of a model trained for a number of epochs on the whole training split, seed 0. */
export function testAccuracy(model: ModelName, epochs: number): Benchmark {
  const short = model === 'reference-cnn' ? 'cnn' : model;
  return {
    name: `accuracy-${short}`,
    description: `Fashion-MNIST test accuracy of ${model} after ${epochs} epoch(s), batch 64, Adam, seed 0`,
    async run(context: BenchContext): Promise<Measurement[]> {
      const [{ dataset: trainData, source }, { dataset: testData }] = await Promise.all([
        fashionMnist('train', context.logger),
        fashionMnist('test', context.logger),
      ]);
      const net = buildModel(model, { seed: 0 });
      try {
        const start = performance.now();
        await train(net, { trainData, epochs, batchSize: 64, seed: 0 });
        const seconds = (performance.now() - start) / 1000;
        const report = await evaluateClassifier(net, testData);
        const notes = `${epochs} epoch(s) on ${trainData.size} samples (${source}) in ${seconds.toFixed(0)} s`;
        return [
          {
            benchmark: this.name,
            runtime: context.backend.name,
            metric: 'accuracy',
            value: report.accuracy,
            unit: '',
            notes,
          },
          { benchmark: this.name, runtime: context.backend.name, metric: 'macro_f1', value: report.macro_f1, unit: '' },
        ];
      } finally {
        net.dispose();
      }
    },
  };
}
