import { fileURLToPath } from 'node:url';
import { ScenarioError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { ArrayDataset } from './array-dataset.js';
import { type DataLocation, type DataSource, findDataFile, locateData } from './data-location.js';
import type { RemoteFile } from './download.js';
import { readIdxFile } from './idx-reader.js';
import type { NdArray } from './nd-array.js';

/** The ten Fashion-MNIST classes, indexed by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Where Debian's package `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** The official download location (Zalando Research). */
export const FASHION_MNIST_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com';

/** The committed sample: the first 2,000 training and 500 test images (two levels below the package root). */
export const FASHION_MNIST_SAMPLE_DIR = fileURLToPath(new URL('../../data-sample/fashion-mnist', import.meta.url));

/** The IDX file names of each split, as published (gzipped). */
export const FASHION_MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
} as const;

/**
 * sha256 of each file's decompressed content, by published file name: upstream's .gz and Debian's
 * recompressed .gz hold the same bytes once decompressed, though the .gz themselves differ.
 */
export const FASHION_MNIST_CONTENT_SHA256: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte.gz': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  'train-labels-idx1-ubyte.gz': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  't10k-images-idx3-ubyte.gz': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  't10k-labels-idx1-ubyte.gz': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
};

const IMAGE_SIDE = 28;

/** Where to look for Fashion-MNIST and what to fall back on. */
export interface LocateFashionMnistOptions {
  /** Splits whose files must be there. Default both. */
  splits?: readonly ('train' | 'test')[];
  /** Directory holding the IDX files (.gz or unpacked); when given, nothing else is searched. */
  dir?: string;
  /** Default: silent. */
  logger?: Logger;
  /** Download into the data cache when not found locally. Default true. */
  allowDownload?: boolean;
  /** Fall back to the committed 2,000/500-image sample when nothing else is found. Default false. */
  allowSample?: boolean;
  /** Base URL to download from. Default `FASHION_MNIST_URL`. */
  mirror?: string;
  /** Where the operating system's package puts the files. Default `FASHION_MNIST_DEBIAN_DIR`. */
  debianDir?: string;
}

export interface LoadFashionMnistOptions extends Omit<LocateFashionMnistOptions, 'splits'> {
  split: 'train' | 'test';
  /** Keep only the first `limit` examples. Default: all. */
  limit?: number;
}

export interface FashionMnist {
  /** 28x28x1 images as float32 in [0, 1] (uint8 / 255), with int32 labels 0..9. */
  dataset: ArrayDataset;
  split: 'train' | 'test';
  source: DataSource;
  dir: string;
  classNames: readonly string[];
}

/**
 * Loads one split of Fashion-MNIST (Xiao et al., 2017; 60,000 training and 10,000 test images),
 * looking for it as `locateData` describes: explicit `dir`, `$SCENARIOS_DATA_DIR/fashion-mnist`,
 * the data cache, Debian's package, a verified download, then (if allowed) the committed sample.
 *
 * @throws ScenarioError DATA_NOT_FOUND listing where it looked and how to provide the data;
 * DATA_CORRUPT when the files are not Fashion-MNIST IDX files; CHECKSUM_MISMATCH on a bad download.
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions): Promise<FashionMnist> {
  const { split } = options;
  const logger = options.logger ?? silentLogger;
  const files = FASHION_MNIST_FILES[split];
  if (!files) throw new ScenarioError('INVALID_ARGUMENT', `split must be 'train' or 'test', got '${split}'`);
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new ScenarioError('INVALID_ARGUMENT', `limit must be a positive integer, got ${limit}`);
  }
  const { source, dir } = await locateFashionMnist({ ...options, splits: [split] });
  const read = (name: string) => readIdxFile(findDataFile(dir, name) as string);
  const [images, labels] = await Promise.all([read(files.images), read(files.labels)]);
  const count = checkFiles({ images, labels, dir });
  const kept = Math.min(count, limit ?? count);
  const pixels = images.data as Uint8Array;
  const dataset = new ArrayDataset({
    // Copy a prefix so that the full array can be freed.
    inputs: kept < count ? pixels.slice(0, kept * IMAGE_SIDE * IMAGE_SIDE) : pixels,
    inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1],
    targets: Int32Array.from((labels.data as Uint8Array).subarray(0, kept)),
    inputScale: 1 / 255,
  });
  logger.debug({ split, source, dir, examples: kept }, 'loaded Fashion-MNIST');
  return { dataset, split, source, dir, classNames: FASHION_MNIST_CLASSES };
}

/** Checks that the two files are Fashion-MNIST images and labels of the same length; returns it. */
function checkFiles(read: { images: NdArray; labels: NdArray; dir: string }): number {
  const { images, labels, dir } = read;
  const [count, height, width] = images.shape;
  const fail = (reason: string) => new ScenarioError('DATA_CORRUPT', `Fashion-MNIST in ${dir}: ${reason}`);
  if (images.dtype !== 'uint8' || images.shape.length !== 3 || height !== IMAGE_SIDE || width !== IMAGE_SIDE) {
    throw fail(`images are ${images.dtype} [${images.shape.join(', ')}], expected uint8 [n, 28, 28]`);
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw fail(`labels are ${labels.dtype} [${labels.shape.join(', ')}], expected uint8 [${count}]`);
  }
  if ((labels.data as Uint8Array).some((label) => label >= FASHION_MNIST_CLASSES.length)) {
    throw fail('a label is outside 0..9');
  }
  return count as number;
}

/**
 * Finds the Fashion-MNIST files of `splits` as `locateData` describes: explicit `dir`,
 * `$SCENARIOS_DATA_DIR/fashion-mnist`, the data cache, Debian's package, a verified download, then
 * (if allowed) the committed sample, with a warning that it is only a sample.
 */
export async function locateFashionMnist(options: LocateFashionMnistOptions = {}): Promise<DataLocation> {
  const logger = options.logger ?? silentLogger;
  const mirror = (options.mirror ?? FASHION_MNIST_URL).replace(/\/+$/, '');
  const names = (options.splits ?? ['train', 'test']).flatMap((split) => {
    const files = FASHION_MNIST_FILES[split];
    return [files.images, files.labels];
  });
  const remote: RemoteFile[] = names.map((name) => ({
    name,
    url: `${mirror}/${name}`,
    contentSha256: FASHION_MNIST_CONTENT_SHA256[name] as string,
  }));
  const location = await locateData({
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    files: names,
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
    systemDir: options.debianDir ?? FASHION_MNIST_DEBIAN_DIR,
    remote,
    allowDownload: options.allowDownload ?? true,
    sampleDir: FASHION_MNIST_SAMPLE_DIR,
    allowSample: options.allowSample ?? false,
    hints: ['apt-get install dataset-fashion-mnist (installs it in /usr/share/datasets/fashion-mnist)'],
    logger,
  });
  if (location.source === 'sample') {
    logger.warn(
      { dir: location.dir },
      'Fashion-MNIST not found; using the committed 2,000-image sample (500 test images). For the full 70,000 ' +
        'images set SCENARIOS_DATA_DIR, pass --data <dir>, apt-get install dataset-fashion-mnist, or allow the download.',
    );
  }
  return location;
}
