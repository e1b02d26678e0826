import { ScenarioError } from '@scenarios/core';

/** The data formats `--data` understands. */
export const TEXT_FORMATS = ['spam-assassin', 'csv', 'jsonl'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** One label per text (binary or multi-class, softmax head) or a set of labels per text (sigmoid head). */
export type TaskKind = 'single-label' | 'multi-label';

/**
 * Labelled texts as an adapter delivers them: the texts, their class names and targets, and for
 * adapters that have them the source group of each text (SpamAssassin: easy_ham, hard_ham, spam).
 */
export interface LabeledTexts {
  /** Names the data set in reports, such as `spam-assassin` or a file's base name. */
  name: string;
  format: TextFormat;
  texts: string[];
  task: TaskKind;
  /** Class names, index i naming class i; sorted. */
  classNames: string[];
  /** single-label: the class index of each text. */
  labels?: Int32Array;
  /** multi-label: row-major [texts, classes] of 0/1. */
  multiHot?: Uint8Array;
  /** The source group of each text, when the adapter knows it. */
  groups?: string[];
  /** The files read, for the manifest's data fingerprint. */
  files: string[];
}

/** Class names in a stable order: numeric-aware, so "2" sorts before "10". */
export function sortClassNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Builds the targets of labelled texts from label strings (single-label) or label sets (multi-label).
 * DATA_CORRUPT when fewer than two classes occur, since nothing can be learnt from one.
 */
export function withTargets(
  base: Omit<LabeledTexts, 'task' | 'classNames' | 'labels' | 'multiHot'>,
  rawLabels: readonly string[] | readonly (readonly string[])[],
  task: TaskKind,
): LabeledTexts {
  if (task === 'single-label') {
    const names = sortClassNames(rawLabels as readonly string[]);
    requireClasses(names, base.name);
    const index = new Map(names.map((name, i) => [name, i]));
    const labels = Int32Array.from(rawLabels as readonly string[], (label) => index.get(label) as number);
    return { ...base, task, classNames: names, labels };
  }
  const sets = rawLabels as readonly (readonly string[])[];
  const names = sortClassNames(sets.flat());
  requireClasses(names, base.name);
  const index = new Map(names.map((name, i) => [name, i]));
  const multiHot = new Uint8Array(sets.length * names.length);
  sets.forEach((set, row) => {
    for (const label of set) multiHot[row * names.length + (index.get(label) as number)] = 1;
  });
  return { ...base, task, classNames: names, multiHot };
}

function requireClasses(names: readonly string[], source: string): void {
  if (names.length < 2) {
    throw new ScenarioError(
      'DATA_CORRUPT',
      `${source}: found ${names.length} class(es) (${names.join(', ')}); a classifier needs at least two`,
    );
  }
}

/** The labelled texts at `rows`, in that order. */
export function selectRows(data: LabeledTexts, rows: ArrayLike<number>): LabeledTexts {
  const picked = Array.from(rows);
  const k = data.classNames.length;
  const multiHot = data.multiHot;
  return {
    ...data,
    texts: picked.map((i) => data.texts[i] as string),
    ...(data.labels ? { labels: Int32Array.from(picked, (i) => data.labels?.[i] as number) } : {}),
    ...(multiHot
      ? {
          multiHot: Uint8Array.from({ length: picked.length * k }, (_, j) => {
            const row = picked[Math.floor(j / k)] as number;
            return multiHot[row * k + (j % k)] as number;
          }),
        }
      : {}),
    ...(data.groups ? { groups: picked.map((i) => data.groups?.[i] as string) } : {}),
  };
}

/**
 * A label key per text for stratified splitting: the source group when there is one, else the
 * class (single-label) or the set of classes (multi-label).
 */
export function strataOf(data: LabeledTexts): Int32Array {
  const keys = data.texts.map((_, i) => {
    if (data.groups) return data.groups[i] as string;
    if (data.labels) return String(data.labels[i]);
    const k = data.classNames.length;
    return Array.from(data.multiHot?.subarray(i * k, (i + 1) * k) ?? []).join('');
  });
  const ids = new Map<string, number>();
  return Int32Array.from(keys, (key) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  });
}
