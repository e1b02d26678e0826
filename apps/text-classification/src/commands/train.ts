import {
  type CommandIo,
  choiceFlag,
  integerFlag,
  numberFlag,
  parseFlags,
  required,
  TRAIN_FLAGS,
  UsageError,
} from '@scenarios/core/cli';
import { TEXT_FORMATS } from '../datasets/labeled-texts.js';
import type { NgramConfig } from '../encoders/ngram-features.js';
import { ENCODER_NAMES } from '../encoders/text-encoder.js';
import { trainTextClassifier } from '../train-classifier.js';
import { COLUMN_FLAGS, columnOptions, USE_FLAGS, useSource } from './shared-flags.js';

export const TRAIN_USAGE = `text-classification train --data <spam-assassin|dir|file.csv|file.jsonl> --out <model-dir> [--epochs N]
    [--batch-size N] [--seed N] [--limit N] [--encoder ngram|use] [--format spam-assassin|csv|jsonl]
    [--text-column NAME] [--label-column NAME] [--label-separator SEP] [--group-column NAME] [--from-domain]
    [--buckets N] [--dim N] [--max-tokens N] [--word-ngrams N] [--char-ngrams MIN-MAX|0] [--learning-rate X]
    [--use-model <dir>] [--overwrite]`;

/** `train`: trains a classifier, evaluates it on the held-out split and saves the model directory. */
export async function trainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...TRAIN_FLAGS,
    encoder: { type: 'string' },
    format: { type: 'string' },
    ...COLUMN_FLAGS,
    'from-domain': { type: 'boolean' },
    buckets: { type: 'string' },
    dim: { type: 'string' },
    'max-tokens': { type: 'string' },
    'word-ngrams': { type: 'string' },
    'char-ngrams': { type: 'string' },
    'learning-rate': { type: 'string' },
    ...USE_FLAGS,
  });
  const encoder = choiceFlag('encoder', values.encoder, ENCODER_NAMES) ?? 'ngram';
  const format = choiceFlag('format', values.format, TEXT_FORMATS);
  const epochs = integerFlag('epochs', values.epochs, 1);
  const limit = integerFlag('limit', values.limit, 10);
  const dim = integerFlag('dim', values.dim, 1);
  const learningRate = numberFlag('learning-rate', values['learning-rate'], { min: 1e-6, max: 10 });
  const ngram = ngramFlags(values);
  const use = useSource(values);
  if (encoder !== 'ngram' && (Object.keys(ngram).length > 0 || dim !== undefined)) {
    throw new UsageError('--buckets, --dim, --max-tokens, --word-ngrams and --char-ngrams apply to --encoder ngram');
  }
  const out = required('out', values.out);
  const result = await trainTextClassifier({
    path: required('data', values.data),
    out,
    encoder,
    batchSize: integerFlag('batch-size', values['batch-size'], 1) ?? 32,
    seed: integerFlag('seed', values.seed, 0) ?? 0,
    overwrite: values.overwrite === true,
    fromDomain: values['from-domain'] === true,
    logger: io.logger,
    progress: io.stderr,
    ...columnOptions(values),
    ...(format ? { format } : {}),
    ...(epochs === undefined ? {} : { epochs }),
    ...(limit === undefined ? {} : { limit }),
    ...(dim === undefined ? {} : { dim }),
    ...(learningRate === undefined ? {} : { learningRate }),
    ...(Object.keys(ngram).length > 0 ? { ngram } : {}),
    ...(use ? { use } : {}),
  });
  const { accuracy, macro_f1: macroF1 } = result.metrics;
  io.stdout.write(
    `saved ${result.manifest.model.name} version ${result.manifest.model.version} to ${out}: ` +
      `${result.heldOutSplit} accuracy ${accuracy.toFixed(4)}, macro F1 ${macroF1.toFixed(4)}` +
      `${result.metrics.roc_auc === null ? '' : `, ROC-AUC ${result.metrics.roc_auc.toFixed(4)}`}, ` +
      `threshold ${result.metrics.threshold.toFixed(3)}, ${result.duplicates} duplicate text(s), ` +
      `trained in ${result.trainingSeconds.toFixed(1)} s on ${result.backend.name}\n`,
  );
  return 0;
}

function ngramFlags(values: Record<string, string | boolean | undefined>): Partial<NgramConfig> {
  const buckets = integerFlag('buckets', values.buckets, 2);
  const maxTokens = integerFlag('max-tokens', values['max-tokens'], 1);
  const wordNgrams = integerFlag('word-ngrams', values['word-ngrams'], 1);
  const chars = values['char-ngrams'];
  let charRange: Pick<NgramConfig, 'charMin' | 'charMax'> | undefined;
  if (chars !== undefined) {
    const match = typeof chars === 'string' ? /^(?:0|([1-9])-([1-9]\d?))$/.exec(chars) : null;
    if (!match) throw new UsageError(`--char-ngrams must be MIN-MAX (such as 3-5) or 0, got ${String(chars)}`);
    charRange = match[1] ? { charMin: Number(match[1]), charMax: Number(match[2]) } : { charMin: 0, charMax: 0 };
  }
  return {
    ...(buckets === undefined ? {} : { buckets }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(wordNgrams === undefined ? {} : { wordNgrams }),
    ...charRange,
  };
}
