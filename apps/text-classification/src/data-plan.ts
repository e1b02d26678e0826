import { ScenarioError } from '@scenarios/core';
import { type LabeledTexts, selectRows, strataOf, type TextFormat } from './datasets/labeled-texts.js';
import { loadTextData, type TextDataOptions } from './datasets/load-text-data.js';
import {
  DEFAULT_SPLIT_FRACTIONS,
  rowsOfSplit,
  type SplitName,
  sampleRows,
  splitTexts,
  type TextSplit,
} from './datasets/split.js';

/**
 * Everything that decides which texts a model was trained and tested on; `train` records it in the
 * manifest (`training.config.data`) and `evaluate` rebuilds the same split from it.
 */
export interface DataPlan {
  format: TextFormat;
  text_column?: string;
  label_column?: string;
  label_separator?: string;
  group_column?: string;
  from_domain?: boolean;
  /** A seeded stratified sample of this many texts, taken before the split. */
  limit?: number;
  seed: number;
  fractions: readonly [number, number, number];
}

/** Labelled texts with their split. */
export interface PlannedData {
  data: LabeledTexts;
  split: TextSplit;
  plan: DataPlan;
}

/**
 * Loads the data (see `loadTextData`), takes the `--limit` sample and splits it by seed into
 * train/validation/test with duplicates kept together (see `splitTexts`).
 */
export async function loadPlannedData(
  options: TextDataOptions & { seed?: number; limit?: number; fractions?: readonly [number, number, number] },
): Promise<PlannedData> {
  const loaded = await loadTextData(options);
  const seed = options.seed ?? 0;
  const data =
    options.limit === undefined
      ? loaded
      : selectRows(loaded, sampleRows(strataOf(loaded), { limit: options.limit, seed }));
  const fractions = options.fractions ?? DEFAULT_SPLIT_FRACTIONS;
  const split = splitTexts({ texts: data.texts, strata: strataOf(data), fractions, seed });
  const plan: DataPlan = {
    format: data.format,
    ...(data.format === 'spam-assassin'
      ? { from_domain: options.fromDomain ?? false }
      : {
          text_column: options.textColumn ?? 'text',
          label_column: options.labelColumn ?? 'label',
          ...(options.labelSeparator === undefined ? {} : { label_separator: options.labelSeparator }),
          ...(options.groupColumn === undefined ? {} : { group_column: options.groupColumn }),
        }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    seed,
    fractions,
  };
  return { data, split, plan };
}

/** The load options a recorded plan stands for, for `evaluate` to rebuild the model's split. */
export function optionsOfPlan(plan: DataPlan): Omit<TextDataOptions, 'path'> & {
  seed: number;
  limit?: number;
  fractions: readonly [number, number, number];
} {
  return {
    format: plan.format,
    ...(plan.text_column === undefined ? {} : { textColumn: plan.text_column }),
    ...(plan.label_column === undefined ? {} : { labelColumn: plan.label_column }),
    ...(plan.label_separator === undefined ? {} : { labelSeparator: plan.label_separator }),
    ...(plan.group_column === undefined ? {} : { groupColumn: plan.group_column }),
    ...(plan.from_domain === undefined ? {} : { fromDomain: plan.from_domain }),
    ...(plan.limit === undefined ? {} : { limit: plan.limit }),
    seed: plan.seed,
    fractions: plan.fractions,
  };
}

/** Reads a plan back from a manifest's training config; MODEL_INVALID when it is missing or malformed. */
export function parseDataPlan(value: unknown): DataPlan {
  const plan = value as Partial<DataPlan> | undefined;
  const fractions = plan?.fractions;
  const valid =
    typeof plan === 'object' &&
    plan !== null &&
    typeof plan.format === 'string' &&
    Number.isInteger(plan.seed) &&
    Array.isArray(fractions) &&
    fractions.length === 3 &&
    fractions.every((f) => typeof f === 'number');
  if (!valid) throw new ScenarioError('MODEL_INVALID', "the manifest's training config has no data plan");
  return plan as DataPlan;
}

/** The texts of one named part of planned data. */
export function partOf(planned: PlannedData, name: SplitName): LabeledTexts {
  return selectRows(planned.data, rowsOfSplit(planned.split, name, planned.data.texts.length));
}
