import { type CommandIo, parseFlags, required } from '@scenarios/core/cli';
import { trainRecommender } from '../train-recommender.js';
import { parseTrainingFlags, TRAINING_FLAGS, TRAINING_FLAGS_USAGE, trainingSummary } from './training-flags.js';

export const TRAIN_USAGE = `recommendation train --data <path> --out <model-dir> ${TRAINING_FLAGS_USAGE}`;

/** `train`: trains the ranking (and, for rated data, the rating) model, evaluates them, saves the model directory. */
export async function trainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, TRAINING_FLAGS);
  const flags = parseTrainingFlags(values);
  const out = required('out', values.out);
  const result = await trainRecommender({
    data: required('data', values.data),
    out,
    ...flags,
    overwrite: values.overwrite === true,
    logger: io.logger,
  });
  io.stdout.write(trainingSummary({ ...result, out }));
  return 0;
}
