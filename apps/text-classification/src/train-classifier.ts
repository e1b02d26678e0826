import { existsSync } from 'node:fs';
import { type BackendInfo, initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { fingerprintFiles, type ModelManifest, saveModelDir } from '@scenarios/core/persistence';
import {
  EarlyStopping,
  type History,
  Progress,
  type ProgressStream,
  predictDataset,
  train,
} from '@scenarios/core/training';
import { SCENARIO } from './classifier.js';
import { loadPlannedData } from './data-plan.js';
import { selectRows } from './datasets/labeled-texts.js';
import type { TextDataOptions } from './datasets/load-text-data.js';
import { tuneThreshold } from './decisions.js';
import { checkNgramConfig } from './encoders/ngram-features.js';
import type { EncoderName } from './encoders/text-encoder.js';
import { type TextMetrics, textMetrics } from './metrics.js';
import type { TextPreprocessing } from './preprocessing.js';
import { NGRAM_RECIPE_DEFAULTS, prepareRecipe, type RecipeSettings } from './recipes.js';

export interface TrainTextOptions extends TextDataOptions, Omit<RecipeSettings, 'logger' | 'seed'> {
  /** Model directory to write. */
  out: string;
  /** Default `ngram`. */
  encoder?: EncoderName;
  /** Default 6 (`ngram`) or 30 (`use`); early stopping on the validation loss may stop sooner. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds the split, the sample, the weights, the shuffles and dropout. Default 0. */
  seed?: number;
  /** Use a seeded stratified sample of this many texts. Default: all. */
  limit?: number;
  /** Fractions of train, validation and test. Default 0.7/0.1/0.2. */
  fractions?: readonly [number, number, number];
  /** Replace an existing model directory. Default false. */
  overwrite?: boolean;
  /** Default: silent. */
  logger?: Logger;
  /** Where the training progress goes. Default: none. */
  progress?: ProgressStream;
}

export interface TrainTextResult {
  manifest: ModelManifest;
  history: History;
  /** Metrics on the test split (on the validation split when the test split is empty). */
  metrics: TextMetrics;
  heldOutSplit: 'test' | 'validation';
  backend: BackendInfo;
  /** Texts equal to an earlier one; kept in one split. */
  duplicates: number;
  /** Wall-clock seconds of `train()` (the encoding of the texts excluded). */
  trainingSeconds: number;
}

/**
 * Trains a text classifier: loads and splits the data (duplicates kept together), prepares the
 * recipe (`ngram` or `use`), trains with balanced class weights and early stopping on the
 * validation loss (best weights kept), tunes the binary decision threshold on the validation
 * split, evaluates the test split (per source group too) and saves the model directory.
 */
export async function trainTextClassifier(options: TrainTextOptions): Promise<TrainTextResult> {
  const logger = options.logger ?? silentLogger;
  const encoder = options.encoder ?? 'ngram';
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 32;
  const epochs = options.epochs ?? (encoder === 'ngram' ? 6 : 30);
  // Settings are checked before the (long) data loading and training.
  if (encoder === 'ngram') checkNgramConfig({ ...NGRAM_RECIPE_DEFAULTS, ...options.ngram });
  if (!options.overwrite && existsSync(options.out)) {
    throw new ScenarioError('INVALID_ARGUMENT', `${options.out} already exists; pass --overwrite to replace it`);
  }
  const backend = await initBackend({ logger });
  const planned = await loadPlannedData({ ...options, seed, logger });
  const { data, split } = planned;
  logger.info(
    `data: ${data.name} (${data.format}), ${data.texts.length} texts, ${data.classNames.length} classes (${data.task}); ` +
      `split ${split.train.length}/${split.validation.length}/${split.test.length}; ` +
      `${split.duplicates} duplicate text(s) in ${split.duplicateGroups} group(s), each group kept in one split`,
  );
  if (split.train.length === 0) throw new ScenarioError('INVALID_ARGUMENT', 'the training split is empty');

  const recipe = await prepareRecipe(encoder, data, { ...options, seed, logger });
  try {
    const trainData = recipe.dataset.subset(split.train);
    const validationData = split.validation.length > 0 ? recipe.dataset.subset(split.validation) : undefined;
    const multiLabel = data.task === 'multi-label';
    const started = performance.now();
    const history = await train(recipe.model, {
      trainData,
      ...(validationData ? { validationData } : {}),
      epochs,
      batchSize,
      seed,
      optimizer: 'adam',
      learningRate: recipe.learningRate,
      loss: multiLabel ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
      metrics: multiLabel ? [] : ['accuracy'],
      ...(recipe.classWeights ? { classWeights: recipe.classWeights } : {}),
      callbacks: [
        ...(validationData ? [new EarlyStopping({ patience: 2, restoreBestWeights: true })] : []),
        ...(options.progress ? [new Progress({ stream: options.progress })] : []),
      ],
      logger,
    });
    const trainingSeconds = (performance.now() - started) / 1000;

    const k = data.classNames.length;
    const probabilitiesOf = (rows: Int32Array) => predictDataset(recipe.model, recipe.dataset.subset(rows));
    let threshold = 0.5;
    if (k === 2 && !multiLabel && validationData) {
      const scores = (await probabilitiesOf(split.validation)).filter((_, i) => i % 2 === 1);
      threshold = tuneThreshold(
        Array.from(split.validation, (row) => data.labels?.[row] as number),
        scores,
      );
    }
    const heldOutSplit = split.test.length > 0 ? 'test' : 'validation';
    const heldOutRows = split[heldOutSplit];
    if (heldOutRows.length === 0) throw new ScenarioError('INVALID_ARGUMENT', 'no held-out texts: give more data');
    const heldOut = selectRows(data, heldOutRows);
    const metrics = textMetrics({
      task: data.task,
      classNames: data.classNames,
      probabilities: await probabilitiesOf(heldOutRows),
      threshold,
      ...(heldOut.labels ? { labels: heldOut.labels } : {}),
      ...(heldOut.multiHot ? { multiHot: heldOut.multiHot } : {}),
      ...(heldOut.groups ? { groups: heldOut.groups } : {}),
    });
    const preprocessing: TextPreprocessing = {
      kind: 'text',
      task: data.task,
      encoder: recipe.encoderSpec,
      threshold,
      ...(data.format === 'spam-assassin'
        ? { email: { fields: ['subject', 'body'], from_domain: options.fromDomain ?? false } }
        : {}),
    };
    const manifest = await saveModelDir(options.out, {
      model: recipe.model,
      overwrite: options.overwrite ?? false,
      logger,
      manifest: {
        scenario: SCENARIO,
        model: { name: `${data.name}-${encoder}`, version: versionStamp() },
        preprocessing: { ...preprocessing },
        labels: data.classNames,
        training: {
          seed,
          config: {
            ...recipe.config,
            epochs,
            batch_size: batchSize,
            class_weights: recipe.classWeights ?? null,
            early_stopping: validationData ? { monitor: 'val_loss', patience: 2, restore_best_weights: true } : null,
            data: { ...planned.plan, name: data.name },
            split: {
              train: split.train.length,
              validation: split.validation.length,
              test: split.test.length,
              duplicates: split.duplicates,
              duplicate_groups: split.duplicateGroups,
            },
            held_out_split: heldOutSplit,
            training_seconds: Number(trainingSeconds.toFixed(1)),
            stop_reason: history.stopReason,
            history: history.epochs,
          },
        },
        data_fingerprint: await fingerprintFiles(data.files),
        metrics: { ...metrics },
      },
    });
    return { manifest, history, metrics, heldOutSplit, backend, duplicates: split.duplicates, trainingSeconds };
  } finally {
    recipe.model.dispose();
    recipe.release();
  }
}

/** A sortable version such as `20261128T175500Z`. */
function versionStamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
