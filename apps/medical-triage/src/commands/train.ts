import {
  type CommandIo,
  integerFlag,
  numberFlag,
  parseFlags,
  required,
  TRAIN_FLAGS,
  UsageError,
} from '@scenarios/core/cli';
import { trainTriage } from '../train-triage.js';

export const TRAIN_USAGE = `medical-triage train --data <file.npz> --out <model-dir> [--epochs N] [--batch-size N] [--seed N]
    [--limit N] [--positive-class N] [--target-sensitivity 0.95] [--routine-sensitivity 0.99]
    [--widths 16,32,64] [--overwrite]`;

/** `train`: trains, calibrates and evaluates a triage model and saves its directory. */
export async function trainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...TRAIN_FLAGS,
    'positive-class': { type: 'string' },
    'target-sensitivity': { type: 'string' },
    'routine-sensitivity': { type: 'string' },
    widths: { type: 'string' },
  });
  const limit = integerFlag('limit', values.limit, 1);
  const positiveClass = integerFlag('positive-class', values['positive-class'], 0);
  const targetSensitivity = numberFlag('target-sensitivity', values['target-sensitivity'], { min: 0.01, max: 1 });
  const routineSensitivity = numberFlag('routine-sensitivity', values['routine-sensitivity'], { min: 0.01, max: 1 });
  const widths = parseWidths(values.widths);
  const out = required('out', values.out);
  const result = await trainTriage({
    data: required('data', values.data),
    out,
    epochs: integerFlag('epochs', values.epochs, 1) ?? 20,
    batchSize: integerFlag('batch-size', values['batch-size'], 1) ?? 64,
    seed: integerFlag('seed', values.seed, 0) ?? 0,
    overwrite: values.overwrite === true,
    logger: io.logger,
    progress: io.stderr,
    ...(limit === undefined ? {} : { limit }),
    ...(positiveClass === undefined ? {} : { positiveClass }),
    ...(targetSensitivity === undefined ? {} : { targetSensitivity }),
    ...(routineSensitivity === undefined ? {} : { routineSensitivity }),
    ...(widths ? { widths } : {}),
  });
  const { metrics, config } = result;
  io.stdout.write(
    `saved ${result.manifest.model.name} version ${result.manifest.model.version} to ${out} ` +
      `(best epoch ${result.bestEpoch + 1}, ${result.trainingSeconds.toFixed(0)} s of training on ${result.backend.name}): ` +
      `test ROC-AUC ${metrics.roc_auc.toFixed(4)}, accuracy ${metrics.accuracy.toFixed(4)}, ` +
      `ECE ${metrics.ece_uncalibrated.toFixed(4)} -> ${metrics.ece.toFixed(4)} (T ${config.calibration.temperature.toFixed(3)}), ` +
      `urgent threshold ${config.operating_points.urgent.toFixed(4)}: sensitivity ${metrics.urgent.sensitivity.toFixed(4)}, ` +
      `specificity ${metrics.urgent.specificity.toFixed(4)}\n`,
  );
  return 0;
}

function parseWidths(value: string | boolean | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const widths = String(value).split(',').map(Number);
  if (widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new UsageError(`--widths must be positive integers separated by commas, got ${String(value)}`);
  }
  return widths;
}
