import { existsSync } from 'node:fs';
import { type BackendInfo, initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { fitTemperature, logitsFromProbabilities } from '@scenarios/core/evaluation';
import { fingerprintFiles, type ModelManifest, saveModelDir } from '@scenarios/core/persistence';
import { Progress, type ProgressStream, train } from '@scenarios/core/training';
import { loadMedmnist, type MedmnistSplit, type TriageImages, triageDataset } from './datasets/medmnist.js';
import { scoreImages, type TriageMetrics, triageMetrics } from './evaluate-triage.js';
import { buildTriageRecipe } from './model.js';
import { BalancedSampling } from './training/balanced-sampling.js';
import { BestValidationAuc } from './training/best-validation-auc.js';
import { calibratedProbability } from './triage/decide.js';
import { DEFAULT_MAX_ROBUST_Z, fitImageStatistics } from './triage/image-statistics.js';
import { chooseOperatingPoints } from './triage/operating-points.js';
import {
  DEFAULT_BODY_PARTS,
  DEFAULT_MODALITIES,
  TRIAGE_CONFIG_FILE,
  type TriageConfig,
} from './triage/triage-config.js';
import { preprocessingFor, SCENARIO } from './triage-model.js';

export interface TrainTriageOptions {
  /** A MedMNIST `.npz` file (or a directory holding pneumoniamnist.npz). */
  data: string;
  /** Model directory to write. */
  out: string;
  /** Default 20. */
  epochs?: number;
  /** Default 64. */
  batchSize?: number;
  /** Seeds the weights, the sampling, the shuffles and the augmentation. Default 0. */
  seed?: number;
  /** Use at most the first N images of each split. Default: all. */
  limit?: number;
  /** The file's class that is urgent. Default: the set's known one (pneumonia), else 1. */
  positiveClass?: number;
  /** Sensitivity of the urgent threshold on validation. Default 0.95. */
  targetSensitivity?: number;
  /** Share of positives kept out of routine on validation. Default 0.99. */
  routineSensitivity?: number;
  /** Channels of the residual stages. Default [16, 32, 64]. */
  widths?: readonly number[];
  /** Replace an existing model directory. Default false. */
  overwrite?: boolean;
  /** Default: silent. */
  logger?: Logger;
  /** Where the training progress goes. Default: none. */
  progress?: ProgressStream;
}

export interface TrainTriageResult {
  manifest: ModelManifest;
  config: TriageConfig;
  /** Metrics on the test split. */
  metrics: TriageMetrics;
  /** Validation ROC-AUC of every epoch, and the epoch whose weights were kept. */
  validationAucs: number[];
  bestEpoch: number;
  /** Wall-clock seconds of `train()`. */
  trainingSeconds: number;
  backend: BackendInfo;
}

/**
 * Trains the triage network on a MedMNIST set with class-balanced sampling, keeps the epoch with
 * the best validation ROC-AUC, fits the temperature and chooses the operating points on the
 * validation split, fits the image statistics of the training images, evaluates on the test
 * split, and saves the model directory (network, manifest, `triage.json`). Every tensor is disposed.
 */
export async function trainTriage(options: TrainTriageOptions): Promise<TrainTriageResult> {
  const logger = options.logger ?? silentLogger;
  const epochs = options.epochs ?? 20;
  const batchSize = options.batchSize ?? 64;
  const seed = options.seed ?? 0;
  if (!options.overwrite && existsSync(options.out)) {
    throw new ScenarioError('INVALID_ARGUMENT', `${options.out} already exists; pass --overwrite to replace it`);
  }
  const backend = await initBackend({ logger });
  const load = (split: MedmnistSplit) =>
    loadMedmnist(options.data, {
      split,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.positiveClass === undefined ? {} : { positiveClass: options.positiveClass }),
    });
  const [trainImages, valImages, testImages] = [await load('train'), await load('val'), await load('test')];
  for (const split of [trainImages, valImages]) {
    const positives = split.labels.reduce((sum, label) => sum + label, 0);
    if (positives === 0 || positives === split.count) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `the ${split.split} split needs both classes (${positives} of ${split.count} positive)`,
      );
    }
  }
  logger.info(
    `data: ${trainImages.dataset} ${trainImages.shape.height}x${trainImages.shape.width}x${trainImages.shape.channels}: ` +
      `${trainImages.count} train, ${valImages.count} val, ${testImages.count} test images; ${trainImages.labelNames[1]} is urgent`,
  );

  const recipe = buildTriageRecipe({
    shape: trainImages.shape,
    epochs,
    seed,
    ...(options.widths ? { widths: options.widths } : {}),
  });
  const { model } = recipe;
  try {
    const best = new BestValidationAuc({ data: triageDataset(valImages), logger });
    const started = performance.now();
    const history = await train(model, {
      trainData: new BalancedSampling(triageDataset(trainImages)),
      epochs,
      batchSize,
      seed,
      ...recipe.training,
      callbacks: [
        ...(recipe.training.callbacks ?? []),
        best,
        ...(options.progress ? [new Progress({ stream: options.progress })] : []),
      ],
      logger,
    });
    const trainingSeconds = (performance.now() - started) / 1000;
    const config = await fitTriageConfig(model, { trainImages, valImages, options });
    const metrics = triageMetrics(config, { images: testImages, scores: await scoreImages(model, testImages) });
    const manifest = await saveModelDir(options.out, {
      model,
      overwrite: options.overwrite ?? false,
      logger,
      extraFiles: { [TRIAGE_CONFIG_FILE]: `${JSON.stringify(config, null, 2)}\n` },
      manifest: {
        scenario: SCENARIO,
        model: { name: `${trainImages.dataset}-triage`, version: versionStamp() },
        preprocessing: { ...preprocessingFor(trainImages.shape) },
        labels: trainImages.labelNames,
        training: {
          seed,
          config: {
            ...recipe.config,
            epochs,
            batch_size: batchSize,
            sampling: 'class-balanced',
            dataset: trainImages.dataset,
            label_mapping: trainImages.labelMapping,
            ...(trainImages.positiveClass === undefined ? {} : { positive_class: trainImages.positiveClass }),
            train_examples: trainImages.count,
            val_examples: valImages.count,
            ...(options.limit === undefined ? {} : { limit: options.limit }),
            best_epoch: best.bestEpoch ?? epochs - 1,
            val_auc: best.aucs,
            training_seconds: trainingSeconds,
            history: history.epochs,
          },
        },
        data_fingerprint: await fingerprintFiles([trainImages.file]),
        metrics: { test: { ...metrics } },
      },
    });
    return {
      manifest,
      config,
      metrics,
      validationAucs: best.aucs,
      bestEpoch: best.bestEpoch ?? epochs - 1,
      trainingSeconds,
      backend,
    };
  } finally {
    model.dispose();
  }
}

/** Temperature and operating points from the validation split; image statistics from the training images. */
async function fitTriageConfig(
  model: Parameters<typeof scoreImages>[0],
  data: { trainImages: TriageImages; valImages: TriageImages; options: TrainTriageOptions },
): Promise<TriageConfig> {
  const { trainImages, valImages, options } = data;
  const scores = await scoreImages(model, valImages);
  const fit = fitTemperature(valImages.labels, logitsFromProbabilities(scores));
  const calibrated = Array.from({ length: valImages.count }, (_, i) =>
    calibratedProbability([scores[2 * i] as number, scores[2 * i + 1] as number], fit.temperature),
  );
  const points = chooseOperatingPoints(valImages.labels, calibrated, {
    ...(options.targetSensitivity === undefined ? {} : { targetSensitivity: options.targetSensitivity }),
    ...(options.routineSensitivity === undefined ? {} : { routineSensitivity: options.routineSensitivity }),
  });
  return {
    format_version: 1,
    calibration: {
      method: 'temperature',
      temperature: fit.temperature,
      nll_before: fit.nllBefore,
      nll_after: fit.nllAfter,
      fitted_on: 'val',
    },
    operating_points: { ...points, chosen_on: 'val' },
    out_of_distribution: {
      image_statistics: fitImageStatistics(trainImages.images, {
        shape: trainImages.shape,
        count: trainImages.count,
        maxRobustZ: DEFAULT_MAX_ROBUST_Z,
      }),
      modalities: [...DEFAULT_MODALITIES],
      body_parts: [...DEFAULT_BODY_PARTS],
    },
  };
}

/** A sortable version such as `20261128T175500Z`. */
function versionStamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
