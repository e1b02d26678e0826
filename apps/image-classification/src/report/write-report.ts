import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import type { Dataset } from '@scenarios/core/data';
import type { ClassificationReport } from '@scenarios/core/evaluation';
import type { Classifier } from '../classifier.js';
import type { EvaluationResult } from '../evaluate-model.js';
import { imageShapeOf } from '../model.js';
import { renderReportPage } from './report-page.js';
import { trainingHistory } from './training-history.js';
import { exampleThumbnails, highestConfidenceMistakes } from './worst-examples.js';

/** How many worst-classified examples the report shows by default. */
export const REPORT_EXAMPLES = 24;

/** The name of the report page inside the report directory. */
export const REPORT_HTML = 'index.html';

/** INVALID_ARGUMENT when `dir` exists and is not a directory; for checking before a long evaluation. */
export function checkReportDir(dir: string): void {
  const stats = statSync(dir, { throwIfNoEntry: false });
  if (stats !== undefined && !stats.isDirectory()) {
    throw new ScenarioError('INVALID_ARGUMENT', `the report directory ${dir} exists and is not a directory`);
  }
}

export interface WriteReportOptions {
  /** Directory to write `index.html` into; created when missing. */
  dir: string;
  /** The evaluated model (its manifest gives the training history). */
  classifier: Classifier;
  /** The evaluated data: the split, in the order of `probabilities`. */
  dataset: Dataset;
  /** The true class of every example. */
  labels: Int32Array;
  /** The model's outputs, row-major [n, classes]. */
  probabilities: Float32Array;
  /** The predicted class of every example. */
  predictions: Int32Array;
  report: ClassificationReport;
  result: EvaluationResult;
  /** The model directory and data path, shown on the page. */
  paths: { model: string; data: string };
  /** Default `REPORT_EXAMPLES`. */
  examples?: number;
}

/**
 * Writes the evaluation report, `<dir>/index.html`: a self-contained page with the headline
 * metrics, the confusion matrix heat map, the learning curves from the manifest's training history,
 * the per-class table and the worst-classified examples as thumbnails. The page is written to a
 * temporary file in `dir` and renamed, so a reader never sees half a page. Returns its path.
 */
export async function writeEvaluationReport(options: WriteReportOptions): Promise<string> {
  checkReportDir(options.dir);
  const { classifier, dataset, result } = options;
  const { mistakes, total } = highestConfidenceMistakes({
    labels: options.labels,
    predictions: options.predictions,
    probabilities: options.probabilities,
    numClasses: classifier.labels.length,
    count: options.examples ?? REPORT_EXAMPLES,
  });
  const thumbnails = await exampleThumbnails(dataset, {
    indices: mistakes.map((mistake) => mistake.index),
    shape: imageShapeOf(classifier.preprocessing),
    scale: classifier.preprocessing.scale,
  });
  const { manifest } = classifier;
  const recipe = manifest.training?.config.recipe;
  const html = renderReportPage({
    result,
    extra: {
      ...(options.report.log_loss === undefined ? {} : { log_loss: options.report.log_loss }),
      ...(options.report.roc_auc === undefined ? {} : { roc_auc: options.report.roc_auc }),
      ...(options.report.ece === undefined ? {} : { ece: options.report.ece }),
    },
    model: {
      name: manifest.model.name,
      version: manifest.model.version,
      createdAt: manifest.created_at,
      dir: resolve(options.paths.model),
      ...(typeof recipe === 'string' ? { recipe } : {}),
    },
    data: resolve(options.paths.data),
    history: trainingHistory(manifest),
    mistakes: mistakes.map((mistake, i) => ({ mistake, png: thumbnails[i] as Buffer })),
    totalMistakes: total,
    generatedAt: new Date(),
  });
  await mkdir(options.dir, { recursive: true });
  const path = join(options.dir, REPORT_HTML);
  const temporary = join(options.dir, `.${REPORT_HTML}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, html);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return path;
}
