import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Logger, ScenarioError } from '@scenarios/core';
import type { EmailTextOptions } from './email.js';
import type { LabeledTexts, TextFormat } from './labeled-texts.js';
import { loadSpamAssassin, SPAM_ASSASSIN } from './spam-assassin.js';
import { type ColumnOptions, loadCsvTexts, loadJsonlTexts } from './tabular.js';

/** Where the data is and how to read it; the parts that shape the texts are recorded in the manifest. */
export interface TextDataOptions extends ColumnOptions, EmailTextOptions {
  /** `spam-assassin`, a corpus directory, or a `.csv`/`.jsonl` file. */
  path: string;
  /** Default: detected from `path`. */
  format?: TextFormat;
  /** Default: silent. */
  logger?: Logger;
}

/**
 * The format of a data path: `spam-assassin` or a directory is the SpamAssassin corpus, `.csv` is
 * CSV, `.jsonl`/`.ndjson` JSON Lines. INVALID_ARGUMENT for anything else.
 */
export async function detectFormat(path: string): Promise<TextFormat> {
  if (path === SPAM_ASSASSIN) return 'spam-assassin';
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new ScenarioError('DATA_NOT_FOUND', `no data at ${path}`);
  if (info.isDirectory()) return 'spam-assassin';
  throw new ScenarioError(
    'INVALID_ARGUMENT',
    `cannot tell the format of ${path}; name a .csv or .jsonl file, a SpamAssassin directory, or give --format`,
  );
}

/** Loads labelled texts from any supported source (see `detectFormat`). */
export async function loadTextData(options: TextDataOptions): Promise<LabeledTexts> {
  const format = options.format ?? (await detectFormat(options.path));
  if (format === 'spam-assassin') {
    return loadSpamAssassin({
      path: options.path,
      ...(options.fromDomain === undefined ? {} : { fromDomain: options.fromDomain }),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }
  return format === 'csv' ? loadCsvTexts(options.path, options) : loadJsonlTexts(options.path, options);
}
