import type { ColumnOptions } from '../datasets/tabular.js';
import type { UseSource } from '../encoders/use-encoder.js';

/** Flags naming the columns of CSV and JSONL data. */
export const COLUMN_FLAGS = {
  'text-column': { type: 'string' },
  'label-column': { type: 'string' },
  'label-separator': { type: 'string' },
  'group-column': { type: 'string' },
} as const;

/** Flags saying where the Universal Sentence Encoder is. */
export const USE_FLAGS = {
  'use-model': { type: 'string' },
  'use-model-url': { type: 'string' },
  'use-vocab-url': { type: 'string' },
} as const;

type FlagValues = Record<string, string | boolean | undefined>;

const text = (value: string | boolean | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The column options given on the command line. */
export function columnOptions(values: FlagValues): ColumnOptions {
  const textColumn = text(values['text-column']);
  const labelColumn = text(values['label-column']);
  const labelSeparator = text(values['label-separator']);
  const groupColumn = text(values['group-column']);
  return {
    ...(textColumn ? { textColumn } : {}),
    ...(labelColumn ? { labelColumn } : {}),
    ...(labelSeparator ? { labelSeparator } : {}),
    ...(groupColumn ? { groupColumn } : {}),
  };
}

/** The USE location given on the command line, or undefined for the defaults. */
export function useSource(values: FlagValues): UseSource | undefined {
  const dir = text(values['use-model']);
  const modelUrl = text(values['use-model-url']);
  const vocabUrl = text(values['use-vocab-url']);
  if (!dir && !modelUrl && !vocabUrl) return undefined;
  return { ...(dir ? { dir } : {}), ...(modelUrl ? { modelUrl } : {}), ...(vocabUrl ? { vocabUrl } : {}) };
}
