import type { Dataset } from '../data/dataset.js';
import { ScenarioError } from '../errors.js';
import type { tf } from '../tf.js';
import { predictDataset } from '../training/predict-dataset.js';
import { type ClassificationReport, classificationReport } from './classification-report.js';
import { argmax } from './probability-matrix.js';

export interface EvaluateClassifierOptions {
  /** Names of the classes, in label order; they appear in the per-class rows. Default none. */
  classNames?: readonly string[];
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
}

/**
 * Predicts every example of a labelled data set with a softmax classifier and reports every
 * classification metric (accuracy, macro F1, per class, confusion matrix, ROC-AUC, ...).
 */
export async function evaluateClassifier(
  model: tf.LayersModel,
  dataset: Dataset,
  options: EvaluateClassifierOptions = {},
): Promise<ClassificationReport> {
  if (!dataset.labels) {
    throw new ScenarioError('INVALID_ARGUMENT', 'evaluateClassifier needs a data set whose targets are class labels');
  }
  const numClasses = model.outputs[0]?.shape.at(-1) ?? 0;
  const probabilities = await predictDataset(model, dataset, options.batchSize ? { batchSize: options.batchSize } : {});
  return classificationReport({
    labels: dataset.labels(),
    predictions: argmax(probabilities, numClasses),
    probabilities,
    ...(options.classNames ? { classNames: options.classNames } : {}),
  });
}
