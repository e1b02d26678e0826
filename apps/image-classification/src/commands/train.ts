import {
  type CommandIo,
  choiceFlag,
  integerFlag,
  parseFlags,
  required,
  TRAIN_FLAGS,
  UsageError,
} from '@scenarios/core/cli';
import { DATA_FORMATS } from '../datasets/labeled-images.js';
import type { ImageShape } from '../image-decode.js';
import { RECIPE_NAMES } from '../model.js';
import { trainClassifier } from '../train-classifier.js';

export const TRAIN_USAGE = `image-classification train --data <path> --out <model-dir> [--epochs N] [--batch-size N] [--seed N]
    [--limit N] [--recipe reference-cnn|strong] [--format idx|cifar10|folder] [--on-corrupt skip|stop]
    [--image-size N] [--channels 1|3] [--overwrite]`;

/** `train`: trains a recipe, evaluates it on the held-out data and saves the model directory. */
export async function trainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...TRAIN_FLAGS,
    recipe: { type: 'string' },
    format: { type: 'string' },
    'on-corrupt': { type: 'string' },
    'image-size': { type: 'string' },
    channels: { type: 'string' },
  });
  const format = choiceFlag('format', values.format, DATA_FORMATS);
  const imageSize = integerFlag('image-size', values['image-size'], 8);
  const channels = choiceFlag('channels', values.channels, ['1', '3'] as const);
  if ((imageSize !== undefined || channels !== undefined) && format !== undefined && format !== 'folder') {
    throw new UsageError('--image-size and --channels apply to image folders only');
  }
  const imageShape: ImageShape | undefined =
    imageSize === undefined && channels === undefined
      ? undefined
      : { height: imageSize ?? 32, width: imageSize ?? 32, channels: channels === '1' ? 1 : 3 };
  const limit = integerFlag('limit', values.limit, 1);
  // Without --epochs or --batch-size the recipe's own settings apply.
  const epochs = integerFlag('epochs', values.epochs, 1);
  const batchSize = integerFlag('batch-size', values['batch-size'], 1);
  const recipe = choiceFlag('recipe', values.recipe, RECIPE_NAMES);
  const onCorrupt = choiceFlag('on-corrupt', values['on-corrupt'], ['skip', 'stop'] as const);
  const out = required('out', values.out);
  const result = await trainClassifier({
    data: required('data', values.data),
    out,
    seed: integerFlag('seed', values.seed, 0) ?? 0,
    overwrite: values.overwrite === true,
    logger: io.logger,
    progress: io.stderr,
    ...(format ? { format } : {}),
    ...(recipe ? { recipe } : {}),
    ...(limit === undefined ? {} : { limit }),
    ...(epochs === undefined ? {} : { epochs }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(onCorrupt ? { onCorrupt } : {}),
    ...(imageShape ? { imageShape } : {}),
  });
  const { accuracy, macro_f1: macroF1 } = result.metrics;
  io.stdout.write(
    `saved ${result.manifest.model.name} version ${result.manifest.model.version} to ${out}: ` +
      `${result.heldOutSplit} accuracy ${accuracy.toFixed(4)}, macro F1 ${macroF1.toFixed(4)}, backend ${result.backend.name}` +
      `${result.skipped > 0 ? `, ${result.skipped} unreadable file(s) skipped` : ''}\n`,
  );
  return 0;
}
