import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { findRepoRoot, locateFashionMnist } from '@scenarios/core/data';
import { MANIFEST_JSON } from '@scenarios/core/persistence';
import type { ProgressStream } from '@scenarios/core/training';
import { type TrainClassifierResult, trainClassifier } from './train-classifier.js';

export interface EnsureModelOptions {
  /** Model directory. Default `defaultModelDir()`. */
  model?: string;
  /** Fashion-MNIST directory. Default: looked for as core's `locateFashionMnist` does, the committed sample last. */
  data?: string;
  /** Epochs of the reference CNN when a model is trained. Default 2. */
  epochs?: number;
  /** Use at most this many training and test images. Default: all. */
  limit?: number;
  /** Train and replace the model even when one exists. Default false. */
  retrain?: boolean;
  /** Default: silent. */
  logger?: Logger;
  /** Where the training progress goes. Default: none. */
  progress?: ProgressStream;
}

export interface EnsuredModel {
  /** The model directory, absolute. */
  dir: string;
  /** The training run, when this call trained the model; undefined when an existing one was kept. */
  trained?: TrainClassifierResult;
}

/** Where the main job keeps its model: `.cache/models/fashion-mnist` at the repository root (git-ignored). */
export function defaultModelDir(cwd: string = process.cwd()): string {
  return join(findRepoRoot(cwd) ?? cwd, '.cache', 'models', 'fashion-mnist');
}

/**
 * The main job's first half: keeps the model directory if it holds a model, otherwise trains the
 * reference CNN on Fashion-MNIST (the full data set where it can be found, else the committed
 * sample) and saves it there. The existing model is checked when it is loaded, not here.
 */
export async function ensureModel(options: EnsureModelOptions = {}): Promise<EnsuredModel> {
  const dir = resolve(options.model ?? defaultModelDir());
  const logger = options.logger ?? silentLogger;
  if (!options.retrain && existsSync(join(dir, MANIFEST_JSON))) {
    logger.info({ dir }, 'using the existing model (pass --retrain to train a new one)');
    return { dir };
  }
  const exists = existsSync(dir);
  if (exists && !options.retrain && readdirSync(dir).length > 0) {
    throw new ScenarioError('INVALID_ARGUMENT', `${dir} exists and is not a model directory; choose another --model`);
  }
  const data = await locateFashionMnist({
    allowSample: true,
    logger,
    ...(options.data === undefined ? {} : { dir: options.data }),
  });
  logger.info({ dir: data.dir, source: data.source }, 'training the reference CNN on Fashion-MNIST');
  const trained = await trainClassifier({
    data: data.dir,
    out: dir,
    format: 'idx',
    recipe: 'reference-cnn',
    epochs: options.epochs ?? 2,
    overwrite: exists,
    logger,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { dir, trained };
}
