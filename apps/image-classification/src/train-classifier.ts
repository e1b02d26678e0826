import { existsSync } from 'node:fs';
import { type BackendInfo, initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { evaluateClassifier } from '@scenarios/core/evaluation';
import { fingerprintFiles, type ModelManifest, saveModelDir } from '@scenarios/core/persistence';
import { type History, Progress, type ProgressStream, train } from '@scenarios/core/training';
import { type ClassificationMetrics, classificationMetrics, SCENARIO } from './classifier.js';
import type { CorruptPolicy, DataFormat } from './datasets/labeled-images.js';
import { type DataSplit, loadImageData } from './datasets/load-image-data.js';
import type { ImageShape } from './image-decode.js';
import { buildRecipe, preprocessingFor, RECIPE_DEFAULTS, type RecipeName } from './model.js';

export interface TrainClassifierOptions {
  /** Data directory (IDX, CIFAR-10 binary or an image folder). */
  data: string;
  /** Model directory to write. */
  out: string;
  /** Default: detected from the files. */
  format?: DataFormat;
  /** Default 'reference-cnn'. */
  recipe?: RecipeName;
  /** Default: the recipe's (`RECIPE_DEFAULTS`: 5 for reference-cnn, 12 for strong). */
  epochs?: number;
  /** Default: the recipe's (64). */
  batchSize?: number;
  /** Seeds the weights, the shuffles, dropout, augmentation and the image-folder split. Default 0. */
  seed?: number;
  /** Use at most this many training (and held-out) examples. Default: all. */
  limit?: number;
  /** Default 'stop'. */
  onCorrupt?: CorruptPolicy;
  /** Image folders only: the model's input. Default 32x32 RGB. */
  imageShape?: ImageShape;
  /** Replace an existing model directory. Default false. */
  overwrite?: boolean;
  /**
   * Evaluate the held-out data after every epoch too, for learning curves (`val_loss`, `val_accuracy`
   * in the progress and the manifest's history); it never steers training. Default false.
   */
  validateEachEpoch?: boolean;
  /** Default: silent. */
  logger?: Logger;
  /** Where the training progress goes. Default: none. */
  progress?: ProgressStream;
}

export interface TrainClassifierResult {
  manifest: ModelManifest;
  history: History;
  /** Metrics on the held-out data: the test split, or an image folder's validation part. */
  metrics: ClassificationMetrics;
  heldOutSplit: DataSplit;
  backend: BackendInfo;
  /** Files or records skipped as unreadable, training and held-out data together. */
  skipped: number;
}

/**
 * Trains a recipe on a data directory, evaluates it on the held-out data and saves the model
 * directory with a manifest holding the labels, preprocessing, training config, seed, data
 * fingerprint and metrics. Every tensor is disposed.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainClassifierResult> {
  const logger = options.logger ?? silentLogger;
  const recipeName = options.recipe ?? 'reference-cnn';
  const epochs = options.epochs ?? RECIPE_DEFAULTS[recipeName].epochs;
  const batchSize = options.batchSize ?? RECIPE_DEFAULTS[recipeName].batchSize;
  const seed = options.seed ?? 0;
  // Fail before the (long) training rather than at the save.
  if (!options.overwrite && existsSync(options.out)) {
    throw new ScenarioError('INVALID_ARGUMENT', `${options.out} already exists; pass --overwrite to replace it`);
  }
  const backend = await initBackend({ logger });
  const load = (split: DataSplit) =>
    loadImageData({
      path: options.data,
      split,
      seed,
      logger,
      ...(options.format ? { format: options.format } : {}),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
      ...(options.imageShape ? { shape: options.imageShape } : {}),
    });
  const trainSet = await load('train');
  const heldOutSplit: DataSplit = trainSet.format === 'folder' ? 'validation' : 'test';
  const heldOut = await load(heldOutSplit);
  logger.info(
    `data: ${trainSet.name} (${trainSet.format}) from ${options.data}: ${trainSet.dataset.size} training, ` +
      `${heldOut.dataset.size} ${heldOutSplit} images, ${trainSet.classNames.length} classes`,
  );

  const recipe = buildRecipe(recipeName, {
    inputShape: trainSet.inputShape,
    numClasses: trainSet.classNames.length,
    seed,
    epochs,
    horizontalFlip: trainSet.horizontalFlip,
  });
  const { model } = recipe;
  try {
    const history = await train(model, {
      trainData: trainSet.dataset,
      ...(options.validateEachEpoch ? { validationData: heldOut.dataset } : {}),
      epochs,
      batchSize,
      seed,
      ...recipe.training,
      callbacks: [
        ...(recipe.training.callbacks ?? []),
        ...(options.progress ? [new Progress({ stream: options.progress })] : []),
      ],
      logger,
    });
    const report = await evaluateClassifier(model, heldOut.dataset, { classNames: trainSet.classNames });
    const metrics = classificationMetrics(report, trainSet.classNames);
    const manifest = await saveModelDir(options.out, {
      model,
      overwrite: options.overwrite ?? false,
      logger,
      manifest: {
        scenario: SCENARIO,
        model: { name: `${trainSet.name}-${recipeName}`, version: versionStamp() },
        preprocessing: { ...preprocessingFor(trainSet.inputShape) },
        labels: trainSet.classNames,
        training: {
          seed,
          config: {
            ...recipe.config,
            epochs,
            batch_size: batchSize,
            data_format: trainSet.format,
            dataset: trainSet.name,
            train_examples: trainSet.dataset.size,
            held_out_split: heldOutSplit,
            held_out_examples: heldOut.dataset.size,
            ...(trainSet.format === 'folder' ? { validation_fraction: 0.2 } : {}),
            ...(options.limit === undefined ? {} : { limit: options.limit }),
            // Per-epoch loss, metrics and learning rate: the learning curves of a later report.
            history: history.epochs,
          },
        },
        data_fingerprint: await fingerprintFiles(trainSet.files),
        metrics: { ...metrics },
      },
    });
    const skipped = trainSet.skipped.length + heldOut.skipped.length;
    if (skipped > 0) logger.warn({ skipped }, `skipped ${skipped} unreadable file(s) or record(s)`);
    return { manifest, history, metrics, heldOutSplit, backend, skipped };
  } finally {
    model.dispose();
  }
}

/** A sortable version such as `20261128T175500Z`. */
function versionStamp(): string {
  return `${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}
