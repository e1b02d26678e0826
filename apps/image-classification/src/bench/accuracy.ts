import { performance } from 'node:perf_hooks';
import type { Logger } from '@scenarios/core';
import type { ProgressStream } from '@scenarios/core/training';
import { RECIPE_DEFAULTS, type RecipeName } from '../model.js';
import { trainClassifier } from '../train-classifier.js';

export interface AccuracyBenchOptions {
  recipe: RecipeName;
  /** Fashion-MNIST (or another IDX) directory. */
  data: string;
  /** Model directory to write (replaced when it exists). */
  out: string;
  /** Default: the recipe's own epochs. */
  epochs?: number;
  /** Train and test on at most this many images (quick checks only). Default: all. */
  limit?: number;
  /** Also evaluate the test split after every epoch, shown in the progress. Default false. */
  validateEachEpoch?: boolean;
  logger?: Logger;
  progress?: ProgressStream;
}

export interface AccuracyBenchResult {
  recipe: RecipeName;
  accuracy: number;
  macroF1: number;
  /** Test images evaluated. */
  n: number;
  epochs: number;
  batchSize: number;
  trainExamples: number;
  /** Seconds spent in the training passes (per-epoch test evaluations excluded). */
  trainSeconds: number;
  /** Seconds of the whole run: loading, training, evaluating and saving. */
  wallSeconds: number;
  /** Training examples per second over all epochs. */
  samplesPerSecond: number;
  backend: string;
  threads: number | undefined;
  /** Whether `epochs` or `limit` shortened the run, so that the time target does not apply. */
  shortened: boolean;
}

/**
 * Trains a recipe with its own settings on the whole training split through `trainClassifier`
 * (what `image-classification train --recipe <name>` runs), and reports the test accuracy and
 * how long training took.
 */
export async function runAccuracyBench(options: AccuracyBenchOptions): Promise<AccuracyBenchResult> {
  const defaults = RECIPE_DEFAULTS[options.recipe];
  const epochs = options.epochs ?? defaults.epochs;
  const start = performance.now();
  const result = await trainClassifier({
    data: options.data,
    out: options.out,
    recipe: options.recipe,
    epochs,
    batchSize: defaults.batchSize,
    seed: 0,
    overwrite: true,
    validateEachEpoch: options.validateEachEpoch ?? false,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const wallSeconds = (performance.now() - start) / 1000;
  const history = result.history.epochs;
  const trainExamples = Number(result.manifest.training?.config.train_examples ?? 0);
  // The training passes only: samples_per_s leaves out any per-epoch test evaluation.
  const trainSeconds = history.reduce((total, epoch) => total + trainExamples / epoch.samples_per_s, 0);
  return {
    recipe: options.recipe,
    accuracy: result.metrics.accuracy,
    macroF1: result.metrics.macro_f1,
    n: result.metrics.confusion_matrix.flat().reduce((a, b) => a + b, 0),
    epochs: history.length,
    batchSize: defaults.batchSize,
    trainExamples,
    trainSeconds,
    wallSeconds,
    samplesPerSecond: (trainExamples * history.length) / trainSeconds,
    backend: result.backend.name,
    threads: result.backend.threads,
    shortened: options.epochs !== undefined || options.limit !== undefined,
  };
}
