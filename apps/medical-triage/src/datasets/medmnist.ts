import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import { ArrayDataset, type NdArray, readNpzFile } from '@scenarios/core/data';
import type { ImageShape } from '../input/decode-input.js';

/** The splits of a MedMNIST file. */
export const MEDMNIST_SPLITS = ['train', 'val', 'test'] as const;
export type MedmnistSplit = (typeof MEDMNIST_SPLITS)[number];

/** One split of a MedMNIST set as a binary triage problem: 1 is the class to read first. */
export interface TriageImages {
  /** The set's name from its file name, e.g. `pneumoniamnist` or `pneumoniamnist_64`. */
  dataset: string;
  split: MedmnistSplit;
  /** The `.npz` file read. */
  file: string;
  /** uint8 pixels, [count, height, width, channels] row-major. */
  images: Uint8Array;
  count: number;
  shape: ImageShape;
  /** 1 for the positive (urgent) class, 0 otherwise. */
  labels: Int32Array;
  /** Names of label 0 and label 1 after the mapping. */
  labelNames: [string, string];
  /** How the file's labels became 0/1, recorded in the manifest. */
  labelMapping: string;
  /** The file's class that became 1, for a single-label set. */
  positiveClass: number | undefined;
}

export interface LoadMedmnistOptions {
  split: MedmnistSplit;
  /** The file's class that becomes label 1 (urgent), for single-label sets. Default: the set's known one, else 1. */
  positiveClass?: number;
  /** Keep only the first N images. Default all. */
  limit?: number;
}

/** Class names and the urgent class of the binary MedMNIST sets (MedMNIST v2, Yang et al. 2023). */
const KNOWN_SETS: Readonly<Record<string, { names: readonly string[]; positive: number }>> = {
  pneumoniamnist: { names: ['normal', 'pneumonia'], positive: 1 },
  breastmnist: { names: ['malignant', 'normal, benign'], positive: 0 },
};

/**
 * Reads one split of a MedMNIST `.npz` file (`<split>_images` uint8 [n, H, W] or [n, H, W, 1|3]
 * at 28, 64, 128 or 224 pixels, `<split>_labels` [n, 1] or [n, k]) with core's NPZ reader, and
 * maps its labels to a binary triage target: a single-label set's `positiveClass` becomes 1 and
 * every other class 0; a multi-label set (ChestMNIST) becomes "any finding" = 1.
 * `path` is the file, or a directory holding `pneumoniamnist.npz` (or exactly one `.npz`).
 *
 * Errors: DATA_NOT_FOUND for a missing file or split, DATA_CORRUPT for arrays of the wrong type or
 * shape, INVALID_ARGUMENT for a `positiveClass` the set does not have.
 */
export async function loadMedmnist(path: string, options: LoadMedmnistOptions): Promise<TriageImages> {
  const file = await resolveNpz(path);
  const { split } = options;
  const arrays = await readNpzFile(file, { keys: [`${split}_images`, `${split}_labels`] });
  const images = arrays.get(`${split}_images`) as NdArray;
  const labels = arrays.get(`${split}_labels`) as NdArray;
  const [count, height, width, channels = 1] = images.shape;
  const corrupt = (reason: string) => new ScenarioError('DATA_CORRUPT', `${file}: ${split} ${reason}`);
  if (images.dtype !== 'uint8' || !(images.data instanceof Uint8Array)) {
    throw corrupt(`images must be uint8, got ${images.dtype}`);
  }
  if (
    (images.shape.length !== 3 && images.shape.length !== 4) ||
    !count ||
    !height ||
    !width ||
    (channels !== 1 && channels !== 3)
  ) {
    throw corrupt(`images must have shape [n, H, W] or [n, H, W, 1 or 3], got [${images.shape.join(', ')}]`);
  }
  const columns = labels.shape.length === 1 ? 1 : (labels.shape[1] ?? 0);
  if (labels.shape[0] !== count || labels.shape.length > 2 || columns < 1) {
    throw corrupt(`labels must have shape [${count}, k], got [${labels.shape.join(', ')}]`);
  }
  const dataset = basename(file).replace(/\.npz$/i, '');
  const mapped = columns > 1 ? anyFinding(labels.data, columns) : singleLabel(labels.data, dataset, options);
  const n = Math.min(count, options.limit ?? count);
  const pixelsPerImage = height * width * channels;
  return {
    dataset,
    split,
    file,
    images: images.data.subarray(0, n * pixelsPerImage),
    count: n,
    shape: { height, width, channels },
    labels: mapped.labels.subarray(0, n),
    labelNames: mapped.names,
    labelMapping: mapped.mapping,
    positiveClass: mapped.positiveClass,
  };
}

/** The images of a split as core's `ArrayDataset`, pixels scaled to [0, 1], labels 0/1. */
export function triageDataset(images: TriageImages): ArrayDataset {
  const { height, width, channels } = images.shape;
  return new ArrayDataset({
    inputs: images.images,
    inputShape: [height, width, channels],
    targets: images.labels,
    inputScale: 1 / 255,
  });
}

interface MappedLabels {
  labels: Int32Array;
  names: [string, string];
  mapping: string;
  positiveClass?: number;
}

function singleLabel(values: ArrayLike<number>, dataset: string, options: LoadMedmnistOptions): MappedLabels {
  const known = KNOWN_SETS[dataset.replace(/_\d+$/, '')];
  const positive = options.positiveClass ?? known?.positive ?? 1;
  const classes = new Set(Array.from(values));
  if (!classes.has(positive)) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `class ${positive} does not occur in ${dataset}; its classes are ${[...classes].sort((a, b) => a - b).join(', ')}`,
    );
  }
  const positiveName = known?.names[positive] ?? `class ${positive}`;
  const negativeName =
    known && classes.size === 2 ? (known.names.find((_, i) => i !== positive) ?? 'other') : `not ${positiveName}`;
  return {
    labels: Int32Array.from(values, (v) => (v === positive ? 1 : 0)),
    names: [negativeName, positiveName],
    mapping: `class ${positive} -> 1, other classes -> 0`,
    positiveClass: positive,
  };
}

function anyFinding(values: ArrayLike<number>, columns: number): MappedLabels {
  const labels = new Int32Array(values.length / columns);
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < columns; j++) if ((values[i * columns + j] as number) > 0) labels[i] = 1;
  }
  return { labels, names: ['no finding', 'any finding'], mapping: `any of ${columns} labels -> 1` };
}

async function resolveNpz(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ScenarioError('DATA_NOT_FOUND', `no MedMNIST file or directory at ${path}`);
  if (!info.isDirectory()) return path;
  const files = (await readdir(path)).filter((name) => name.toLowerCase().endsWith('.npz'));
  const preferred = files.find((name) => name === 'pneumoniamnist.npz') ?? (files.length === 1 ? files[0] : undefined);
  if (!preferred) {
    throw new ScenarioError(
      'DATA_NOT_FOUND',
      `${path} holds ${files.length === 0 ? 'no .npz file' : `several .npz files (${files.join(', ')})`}; pass the file itself`,
    );
  }
  return join(path, preferred);
}
