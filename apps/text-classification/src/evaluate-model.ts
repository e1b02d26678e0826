import { initBackend, type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { classProbabilities, type LoadClassifierOptions, loadClassifier, SCENARIO } from './classifier.js';
import { loadPlannedData, optionsOfPlan, parseDataPlan, partOf } from './data-plan.js';
import type { LabeledTexts } from './datasets/labeled-texts.js';
import type { SplitName } from './datasets/split.js';
import { type TextMetrics, textMetrics } from './metrics.js';

export interface EvaluateTextOptions extends Pick<LoadClassifierOptions, 'use'> {
  /** Model directory. */
  model: string;
  /** The data: `spam-assassin`, a corpus directory, or a CSV/JSONL file read with the model's columns. */
  data: string;
  /** Default `test`: the model's own test split, rebuilt from the seed, fractions and limit in its manifest. */
  split?: SplitName;
  /** Default: silent. */
  logger?: Logger;
}

/** The `evaluate --json` object of DESIGN.md. */
export interface TextEvaluation {
  scenario: string;
  dataset: string;
  split: SplitName;
  n: number;
  metrics: TextMetrics;
  backend: string;
}

/**
 * Evaluates a saved classifier on a split of a data set, read and split exactly as in training
 * (format, columns, e-mail fields, seed, fractions and sample from the manifest). The data's
 * labels are matched to the model's by name; INVALID_ARGUMENT for a label the model does not know.
 */
export async function evaluateTextModel(options: EvaluateTextOptions): Promise<TextEvaluation> {
  const logger = options.logger ?? silentLogger;
  const split = options.split ?? 'test';
  const backend = await initBackend({ logger });
  const classifier = await loadClassifier(options.model, {
    logger,
    ...(options.use ? { use: options.use } : {}),
  });
  try {
    const plan = parseDataPlan(classifier.manifest.training?.config.data);
    const planned = await loadPlannedData({ ...optionsOfPlan(plan), path: options.data, logger });
    const part = alignLabels(partOf(planned, split), classifier.labels);
    if (part.texts.length === 0)
      throw new ScenarioError('INVALID_ARGUMENT', `the ${split} split of ${options.data} is empty`);
    if (part.task !== classifier.preprocessing.task) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `the data is ${part.task}, the model ${classifier.preprocessing.task}`,
      );
    }
    const probabilities = await classProbabilities(classifier, part.texts);
    return {
      scenario: SCENARIO,
      dataset: part.name,
      split,
      n: part.texts.length,
      metrics: textMetrics({
        task: part.task,
        classNames: classifier.labels,
        probabilities,
        threshold: classifier.preprocessing.threshold,
        ...(part.labels ? { labels: part.labels } : {}),
        ...(part.multiHot ? { multiHot: part.multiHot } : {}),
        ...(part.groups ? { groups: part.groups } : {}),
      }),
      backend: backend.name,
    };
  } finally {
    classifier.dispose();
  }
}

/** The texts with their targets renumbered in the model's label order. */
export function alignLabels(data: LabeledTexts, modelLabels: readonly string[]): LabeledTexts {
  const index = new Map(modelLabels.map((name, i) => [name, i]));
  const unknown = data.classNames.filter((name) => !index.has(name));
  if (unknown.length > 0) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `the data has label(s) ${unknown.join(', ')} that the model does not know (it knows ${modelLabels.join(', ')})`,
    );
  }
  const to = data.classNames.map((name) => index.get(name) as number);
  const k = modelLabels.length;
  const from = data.classNames.length;
  const multiHot = data.multiHot;
  return {
    ...data,
    classNames: [...modelLabels],
    ...(data.labels ? { labels: data.labels.map((label) => to[label] as number) } : {}),
    ...(multiHot
      ? {
          multiHot: (() => {
            const out = new Uint8Array(data.texts.length * k);
            for (let row = 0; row < data.texts.length; row++) {
              for (let c = 0; c < from; c++) out[row * k + (to[c] as number)] = multiHot[row * from + c] as number;
            }
            return out;
          })(),
        }
      : {}),
  };
}
