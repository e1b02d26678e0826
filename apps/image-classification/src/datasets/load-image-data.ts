import { readdir, stat } from 'node:fs/promises';
import { ScenarioError } from '@scenarios/core';
import type { ImageShape } from '../image-decode.js';
import { loadCifar10 } from './cifar10.js';
import { loadIdx } from './idx.js';
import { loadImageFolder } from './image-folder.js';
import type { AdapterOptions, DataFormat, LabeledImages } from './labeled-images.js';

/** The default input of an image-folder model: 32x32 RGB. */
export const DEFAULT_FOLDER_SHAPE: ImageShape = Object.freeze({ height: 32, width: 32, channels: 3 });

/** Splits a caller can ask for; see `loadImageData` for what each means per format. */
export type DataSplit = 'train' | 'test' | 'validation' | 'all';

export interface LoadImageDataOptions extends AdapterOptions {
  /** A data directory. */
  path: string;
  /** Default: `detectFormat(path)`. */
  format?: DataFormat;
  split: DataSplit;
  /** Image-folder only: what images are resized to. Default `DEFAULT_FOLDER_SHAPE`. */
  shape?: ImageShape;
  /** Image-folder only: seeds the validation split and the `limit` sample. Default 0. */
  seed?: number;
  /** Image-folder only: share held out for validation. Default 0.2. */
  validationFraction?: number;
}

/**
 * Loads labelled images with the adapter of their format. IDX and CIFAR-10 have the splits
 * `train` and `test` of their publishers. An image folder has one set of images: `train` and
 * `validation` are its seeded parts, and `test` or `all` are every image (point `path` at a
 * held-out folder to test).
 */
export async function loadImageData(options: LoadImageDataOptions): Promise<LabeledImages> {
  const format = options.format ?? (await detectFormat(options.path));
  const common = {
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  if (format === 'folder') {
    return loadImageFolder({
      ...common,
      dir: options.path,
      shape: options.shape ?? DEFAULT_FOLDER_SHAPE,
      split: options.split === 'test' ? 'all' : options.split,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.validationFraction === undefined ? {} : { validationFraction: options.validationFraction }),
    });
  }
  const { split } = options;
  if (split !== 'train' && split !== 'test') {
    throw new ScenarioError('INVALID_ARGUMENT', `${format} data has the splits train and test, not ${split}`);
  }
  return format === 'idx'
    ? loadIdx({ ...common, dir: options.path, split })
    : loadCifar10({ ...common, dir: options.path, split });
}

/**
 * Tells the format of a data directory from its files: IDX files (`*-idx3-ubyte`, raw or .gz) mean
 * `idx`; `data_batch_*.bin`, `test_batch.bin` or `batches.meta.txt` mean `cifar10`; otherwise it is
 * taken as an image folder. DATA_NOT_FOUND when `path` is not a directory.
 */
export async function detectFormat(path: string): Promise<DataFormat> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new ScenarioError('DATA_NOT_FOUND', `no data directory at ${path}`);
  const names = await readdir(path);
  if (names.some((name) => /-idx3-ubyte(\.gz)?$/.test(name))) return 'idx';
  if (names.some((name) => /^(data_batch_\d+|test_batch)\.bin$|^batches\.meta\.txt$/.test(name))) return 'cifar10';
  return 'folder';
}
