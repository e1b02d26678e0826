import { type CommandIo, choiceFlag, integerFlag, parseFlags, required } from '@scenarios/core/cli';
import { MEDMNIST_SPLITS } from '../datasets/medmnist.js';
import { type EvaluationResult, evaluateModel } from '../evaluate-model.js';
import type { ThresholdMetrics } from '../triage/operating-points.js';

export const EVALUATE_USAGE =
  'medical-triage evaluate --model <model-dir> --data <file.npz> [--split test|val|train] [--limit N] [--json]';

/** `evaluate`: metrics of a saved model on a data split, as text or as one JSON object on stdout. */
export async function evaluateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  const split = choiceFlag('split', values.split, MEDMNIST_SPLITS);
  const limit = integerFlag('limit', values.limit, 1);
  const result = await evaluateModel({
    model: required('model', values.model),
    data: required('data', values.data),
    logger: io.logger,
    ...(split ? { split } : {}),
    ...(limit === undefined ? {} : { limit }),
  });
  io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  return 0;
}

/** The figures a person reads, one per line. */
export function formatEvaluation(result: EvaluationResult): string {
  const { metrics: m } = result;
  const point = (name: string, t: ThresholdMetrics) =>
    `${name} (p >= ${t.threshold.toFixed(4)}): sensitivity ${t.sensitivity.toFixed(4)}, specificity ${t.specificity.toFixed(4)}, ` +
    `PPV ${t.ppv.toFixed(4)}, NPV ${t.npv.toFixed(4)}`;
  return [
    `${result.dataset} ${result.split}: n ${result.n} (${m.positives} positive), backend ${result.backend}`,
    `ROC-AUC ${m.roc_auc.toFixed(4)}, accuracy at 0.5 ${m.accuracy.toFixed(4)}`,
    `ECE ${m.ece_uncalibrated.toFixed(4)} before calibration, ${m.ece.toFixed(4)} after`,
    point('urgent', m.urgent),
    point('not routine', m.not_routine),
    `priorities: urgent ${m.priorities.urgent}, review ${m.priorities.review}, routine ${m.priorities.routine} ` +
      `(${m.out_of_distribution} for image statistics)`,
    '',
  ].join('\n');
}
