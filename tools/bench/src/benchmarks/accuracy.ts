import { evaluateClassifier } from '@scenarios/core/evaluation';
import { buildModel, type ModelName } from '@scenarios/core/models';
import { cosineDecay, LearningRateScheduler, train } from '@scenarios/core/training';
import type { BenchContext, Benchmark, Measurement } from '../benchmark.js';
import { fashionMnist } from './fashion-data.js';

/** How a model is trained for an accuracy benchmark. */
export interface AccuracyRecipe {
  model: ModelName;
  /** Options of the model's builder. Default: the builder's defaults. */
  builder?: Record<string, unknown>;
  epochs: number;
  /** Adam's initial learning rate, decayed to 0 over the epochs along a cosine. Default: Adam's 0.001, constant. */
  cosineFrom?: number;
}

const BATCH_SIZE = 64;

/** Test accuracy of a recipe trained on the whole training split, seed 0. */
export function testAccuracy(name: string, recipe: AccuracyRecipe): Benchmark {
  const schedule = recipe.cosineFrom ? `Adam ${recipe.cosineFrom} with cosine decay` : 'Adam 0.001';
  return {
    name,
    description: `Fashion-MNIST test accuracy of ${recipe.model} ${JSON.stringify(recipe.builder ?? {})} after ${recipe.epochs} epoch(s), batch ${BATCH_SIZE}, ${schedule}, seed 0`,
    async run(context: BenchContext): Promise<Measurement[]> {
      const [{ dataset: trainData, source }, { dataset: testData }] = await Promise.all([
        fashionMnist('train', context.logger),
        fashionMnist('test', context.logger),
      ]);
      const net = buildModel(recipe.model, { ...recipe.builder, seed: 0 });
      try {
        const start = performance.now();
        await train(net, {
          trainData,
          epochs: recipe.epochs,
          batchSize: BATCH_SIZE,
          seed: 0,
          ...(recipe.cosineFrom
            ? {
                learningRate: recipe.cosineFrom,
                callbacks: [
                  new LearningRateScheduler(cosineDecay({ initial: recipe.cosineFrom, epochs: recipe.epochs })),
                ],
              }
            : {}),
        });
        const seconds = (performance.now() - start) / 1000;
        const report = await evaluateClassifier(net, testData);
        const notes = `${recipe.epochs} epoch(s) on ${trainData.size} samples (${source}) in ${seconds.toFixed(0)} s`;
        const runtime = context.backend.name;
        return [
          { benchmark: name, runtime, metric: 'accuracy', value: report.accuracy, unit: '', notes },
          { benchmark: name, runtime, metric: 'macro_f1', value: report.macro_f1, unit: '' },
        ];
      } finally {
        net.dispose();
      }
    },
  };
}
