import { basename } from 'node:path';
import { ScenarioError, silentLogger } from '@scenarios/core';
import { ArrayDataset, FASHION_MNIST_CLASSES, findDataFile, type NdArray, readIdxFile } from '@scenarios/core/data';
import { type AdapterOptions, checkLimit, type LabeledImages } from './labeled-images.js';

/** The digit classes of MNIST. */
export const MNIST_CLASSES: readonly string[] = Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** File names shared by MNIST and Fashion-MNIST; a `.gz` name also matches the unpacked file. */
export const IDX_FILES = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
} as const;

export interface IdxOptions extends AdapterOptions {
  /** Directory holding the four IDX files (raw or gzip). */
  dir: string;
  split: 'train' | 'test';
  /**
   * Which data set the files hold; it names the classes. Default: 'fashion-mnist' when the
   * directory's name contains "fashion", else 'mnist' (both use the same file names).
   */
  variant?: 'fashion-mnist' | 'mnist';
}

/**
 * Reads one split of MNIST or Fashion-MNIST from IDX files (raw or gzip) with core's `readIdxFile`.
 * A damaged IDX file holds a whole split, so it always stops with DATA_CORRUPT naming the file,
 * whatever `onCorrupt` says. `limit` keeps the first examples.
 */
export async function loadIdx(options: IdxOptions): Promise<LabeledImages> {
  const { dir, split } = options;
  checkLimit(options.limit);
  const names = IDX_FILES[split];
  if (!names) throw new ScenarioError('INVALID_ARGUMENT', `IDX data has splits train and test, not ${split}`);
  const paths = [names.images, names.labels].map((name) => {
    const path = findDataFile(dir, name);
    if (path === undefined) {
      throw new ScenarioError('DATA_NOT_FOUND', `${dir} has no ${name} (or ${name.replace(/\.gz$/, '')})`);
    }
    return path;
  }) as [string, string];
  const [images, labels] = await Promise.all(paths.map(readIdxFile));
  const variant = options.variant ?? (/fashion/i.test(basename(dir)) ? 'fashion-mnist' : 'mnist');
  const classNames = [...(variant === 'fashion-mnist' ? FASHION_MNIST_CLASSES : MNIST_CLASSES)];
  const [count, height, width] = checkShapes({ images: images as NdArray, labels: labels as NdArray, paths });
  const labelData = (labels as NdArray).data as Uint8Array;
  const bad = labelData.findIndex((label) => label >= classNames.length);
  if (bad >= 0) {
    throw new ScenarioError('DATA_CORRUPT', `${paths[1]}: label ${labelData[bad]} of example ${bad} is not a class`);
  }
  const kept = Math.min(count, options.limit ?? count);
  const pixels = (images as NdArray).data as Uint8Array;
  const dataset = new ArrayDataset({
    inputs: kept < count ? pixels.slice(0, kept * height * width) : pixels,
    inputShape: [height, width, 1],
    targets: Int32Array.from(labelData.subarray(0, kept)),
    inputScale: 1 / 255,
  });
  (options.logger ?? silentLogger).debug({ dir, split, examples: kept }, `read ${variant} IDX files`);
  return {
    dataset,
    classNames,
    inputShape: [height, width, 1],
    format: 'idx',
    name: variant,
    files: paths,
    skipped: [],
    horizontalFlip: variant === 'fashion-mnist',
  };
}

function checkShapes(read: { images: NdArray; labels: NdArray; paths: [string, string] }): [number, number, number] {
  const { images, labels, paths } = read;
  const [count, height, width] = images.shape;
  if (images.dtype !== 'uint8' || images.shape.length !== 3 || !count || !height || !width) {
    throw new ScenarioError(
      'DATA_CORRUPT',
      `${paths[0]}: images are ${images.dtype} [${images.shape.join(', ')}], expected uint8 [n, height, width]`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw new ScenarioError(
      'DATA_CORRUPT',
      `${paths[1]}: labels are ${labels.dtype} [${labels.shape.join(', ')}], expected uint8 [${count}]`,
    );
  }
  return [count, height, width];
}
