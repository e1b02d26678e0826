import { initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { argmax, classificationReport } from '@scenarios/core/evaluation';
import { predictDataset } from '@scenarios/core/training';
import { type ClassificationMetrics, classificationMetrics, loadClassifier, SCENARIO } from './classifier.js';
import type { CorruptPolicy, DataFormat } from './datasets/labeled-images.js';
import { type DataSplit, loadImageData } from './datasets/load-image-data.js';
import { imageShapeOf } from './model.js';
import { checkReportDir, writeEvaluationReport } from './report/write-report.js';

export interface EvaluateModelOptions {
  /** Model directory. */
  model: string;
  /** Data directory. */
  data: string;
  /** Default 'test'. */
  split?: DataSplit;
  /** Default: detected from the files. */
  format?: DataFormat;
  /** Evaluate at most this many examples. Default: all. */
  limit?: number;
  /** Default 'stop'. */
  onCorrupt?: CorruptPolicy;
  /** Also write an HTML report (`index.html`) into this directory. Default: none. */
  reportDir?: string;
  /** Default: silent. */
  logger?: Logger;
}

/** The `evaluate --json` object of DESIGN.md. */
export interface EvaluationResult {
  scenario: string;
  dataset: string;
  split: DataSplit;
  n: number;
  metrics: ClassificationMetrics;
  backend: string;
}

/**
 * Evaluates a saved classifier on a split of a data directory. Image folders are decoded with the
 * model's own preprocessing; their validation split is drawn with the seed, validation fraction and
 * `--limit` sample the model was trained with (from the manifest) unless `limit` is given.
 * INVALID_ARGUMENT when the data's classes or image shape differ from the model's. With `reportDir`,
 * also writes the HTML report of `writeEvaluationReport` there.
 */
export async function evaluateModel(options: EvaluateModelOptions): Promise<EvaluationResult> {
  const logger = options.logger ?? silentLogger;
  const split = options.split ?? 'test';
  if (options.reportDir !== undefined) checkReportDir(options.reportDir);
  const backend = await initBackend({ logger });
  const classifier = await loadClassifier(options.model, { logger });
  try {
    const { preprocessing, labels, manifest } = classifier;
    const config = manifest.training?.config ?? {};
    // An image folder's validation part is drawn from the sample training saw: same seed, same limit.
    const limit =
      options.limit ?? (split === 'validation' && typeof config.limit === 'number' ? config.limit : undefined);
    const data = await loadImageData({
      path: options.data,
      split,
      shape: imageShapeOf(preprocessing),
      seed: manifest.training?.seed ?? 0,
      logger,
      ...(options.format ? { format: options.format } : {}),
      ...(typeof config.validation_fraction === 'number' ? { validationFraction: config.validation_fraction } : {}),
      ...(limit === undefined ? {} : { limit }),
      ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
    });
    if (data.classNames.join('\n') !== labels.join('\n')) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `the data's classes [${data.classNames.join(', ')}] are not the model's [${labels.join(', ')}]`,
      );
    }
    const expected = [preprocessing.height, preprocessing.width, preprocessing.channels];
    if (data.inputShape.join() !== expected.join()) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `the data's images are [${data.inputShape.join(', ')}], the model takes [${expected.join(', ')}]`,
      );
    }
    // core's evaluateClassifier, step by step, to keep the probabilities for the report.
    const trueLabels = data.dataset.labels?.();
    if (!trueLabels) {
      throw new ScenarioError('INVALID_ARGUMENT', `${options.data} has no class labels to evaluate against`);
    }
    const probabilities = await predictDataset(classifier.model, data.dataset);
    const predictions = argmax(probabilities, labels.length);
    const report = classificationReport({ labels: trueLabels, predictions, probabilities, classNames: labels });
    if (data.skipped.length > 0) logger.warn({ skipped: data.skipped.length }, 'skipped unreadable files');
    const result: EvaluationResult = {
      scenario: SCENARIO,
      dataset: data.name,
      split,
      n: data.dataset.size,
      metrics: classificationMetrics(report, labels),
      backend: backend.name,
    };
    if (options.reportDir !== undefined) {
      const path = await writeEvaluationReport({
        dir: options.reportDir,
        classifier,
        dataset: data.dataset,
        labels: trueLabels,
        probabilities,
        predictions,
        report,
        result,
        paths: { model: options.model, data: options.data },
      });
      logger.info({ path }, 'wrote the evaluation report');
    }
    return result;
  } finally {
    classifier.model.dispose();
  }
}
