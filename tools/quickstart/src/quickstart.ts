import { type BackendInfo, initBackend, type Logger } from '@scenarios/core';
import { loadFashionMnist } from '@scenarios/core/data';
import { type ClassificationReport, evaluateClassifier, renderClassificationReport } from '@scenarios/core/evaluation';
import { buildModel } from '@scenarios/core/models';
import { Progress, type ProgressStream, train } from '@scenarios/core/training';

export interface QuickstartOptions {
  /** Fashion-MNIST directory; default: looked for as `loadFashionMnist` does, with the committed sample last. */
  data?: string;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Use only the first N training and test images. Default: all. */
  limit?: number;
  logger: Logger;
  /** Where the progress goes. */
  progress: ProgressStream;
}

export interface QuickstartResult {
  backend: BackendInfo;
  report: ClassificationReport;
  /** The evaluation as printed: per-class table, scalar metrics, confusion matrix and a summary line. */
  text: string;
}

/** Trains the reference CNN on Fashion-MNIST and evaluates it on the test split. */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartResult> {
  const { logger, epochs, batchSize, seed } = options;
  const backend = await initBackend({ logger });
  const load = (split: 'train' | 'test') =>
    loadFashionMnist({
      split,
      logger,
      allowSample: true,
      ...(options.data ? { dir: options.data } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
  const trainSet = await load('train');
  const testSet = await load('test');
  logger.info(
    `data: Fashion-MNIST from ${trainSet.dir} (${trainSet.source}): ` +
      `${trainSet.dataset.size} training, ${testSet.dataset.size} test images`,
  );

  const model = buildModel('reference-cnn', { seed });
  try {
    const history = await train(model, {
      trainData: trainSet.dataset,
      epochs,
      batchSize,
      seed,
      callbacks: [new Progress({ stream: options.progress })],
    });
    const report = await evaluateClassifier(model, testSet.dataset, { classNames: trainSet.classNames });
    const speed = history.epochs.at(-1)?.samples_per_s;
    const summary =
      `reference-cnn, ${epochs} epoch(s) on ${trainSet.dataset.size} images, backend ${backend.name}: ` +
      `test accuracy ${report.accuracy.toFixed(4)}, macro F1 ${report.macro_f1.toFixed(4)}` +
      (speed === undefined ? '' : `, ${Math.round(speed)} training samples/s`);
    return { backend, report, text: `${renderClassificationReport(report)}\n${summary}\n` };
  } finally {
    model.dispose();
  }
}
