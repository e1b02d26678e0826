import { readdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { ScenarioError, silentLogger } from '@scenarios/core';
import { ArrayDataset, createRng, stratifiedSplit } from '@scenarios/core/data';
import { decodeImage, type ImageShape } from '../image-decode.js';
import {
  type AdapterOptions,
  checkLimit,
  handleCorrupt,
  type LabeledImages,
  type SkippedItem,
} from './labeled-images.js';

/** File extensions read from a class folder; other files are ignored. */
export const IMAGE_EXTENSIONS: readonly string[] = Object.freeze(['.png', '.jpg', '.jpeg', '.webp']);

/** The part of an image folder: the seeded training or validation part, or every image. */
export type FolderSplit = 'train' | 'validation' | 'all';

export interface ImageFolderOptions extends AdapterOptions {
  /** A directory with one sub-folder of images per class. */
  dir: string;
  /** What every image is resized and converted to. */
  shape: ImageShape;
  /** Default 'all'. */
  split?: FolderSplit;
  /** Share of each class held out as the validation part. Default 0.2. */
  validationFraction?: number;
  /** Seeds the validation split and the `limit` sample. Default 0. */
  seed?: number;
  /** Whether mirrored images keep their class. Default true. */
  horizontalFlip?: boolean;
  /** Pixel limit per image, see `decodeImage`. */
  maxInputPixels?: number;
  /** Images decoded at once. Default 4. */
  concurrency?: number;
}

interface ImageFile {
  path: string;
  label: number;
}

/**
 * Reads an image folder: class names are the sub-folder names, sorted; every PNG, JPEG and WebP
 * file in a class folder is decoded with sharp and resized to `shape`. The validation part is
 * drawn per class by core's `stratifiedSplit` with `seed`, so the same seed and fraction always
 * hold out the same files. `limit` keeps a seeded sample of the files before the split. An image
 * that cannot be decoded is skipped ('skip', listed in `skipped`) or stops loading ('stop',
 * DATA_CORRUPT naming its path).
 */
export async function loadImageFolder(options: ImageFolderOptions): Promise<LabeledImages> {
  const { shape } = options;
  const dir = resolve(options.dir);
  const split = options.split ?? 'all';
  const seed = options.seed ?? 0;
  checkLimit(options.limit);
  const logger = options.logger ?? silentLogger;
  const { classNames, files } = await listImageFolder(dir);
  const sampled = sample(files, options.limit, seed);
  const chosen = split === 'all' ? sampled : splitPart(sampled, { split, seed, fraction: options.validationFraction });

  const policy = { onCorrupt: options.onCorrupt ?? 'stop', skipped: [] as SkippedItem[], logger };
  const imageSize = shape.height * shape.width * shape.channels;
  const decoded = await mapConcurrent(chosen, options.concurrency ?? 4, async (file) => {
    try {
      return await decodeImage(file.path, {
        shape,
        source: file.path,
        ...(options.maxInputPixels ? { maxInputPixels: options.maxInputPixels } : {}),
      });
    } catch (error) {
      handleCorrupt({ path: file.path, error }, policy);
      return undefined;
    }
  });
  const kept = chosen.filter((_, i) => decoded[i] !== undefined);
  if (kept.length === 0) throw new ScenarioError('DATA_CORRUPT', `no readable images in the ${split} part of ${dir}`);
  const inputs = new Uint8Array(kept.length * imageSize);
  let row = 0;
  for (const pixels of decoded) {
    if (pixels === undefined) continue;
    inputs.set(pixels, row * imageSize);
    row++;
  }
  logger.debug({ dir, split, images: kept.length, skipped: policy.skipped.length }, 'read image folder');
  return {
    dataset: new ArrayDataset({
      inputs,
      inputShape: [shape.height, shape.width, shape.channels],
      targets: Int32Array.from(kept, (file) => file.label),
      inputScale: 1 / 255,
    }),
    classNames,
    inputShape: [shape.height, shape.width, shape.channels],
    format: 'folder',
    name: basename(dir),
    files: kept.map((file) => file.path),
    skipped: policy.skipped,
    horizontalFlip: options.horizontalFlip ?? true,
  };
}

/** The class names (sorted sub-folder names) and the image files of each, sorted by path. */
export async function listImageFolder(dir: string): Promise<{ classNames: string[]; files: ImageFile[] }> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new ScenarioError('DATA_NOT_FOUND', `cannot read the image folder ${dir}`, { cause: error });
  });
  // Code-unit order, not the locale's: the class indices must not depend on the machine.
  const classNames = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  if (classNames.length < 2) {
    throw new ScenarioError(
      'DATA_NOT_FOUND',
      `${dir} needs one sub-folder per class, at least two; found ${classNames.length}`,
    );
  }
  const files: ImageFile[] = [];
  for (const [label, name] of classNames.entries()) {
    const names = (await readdir(join(dir, name))).filter(
      (file) => !file.startsWith('.') && IMAGE_EXTENSIONS.includes(extname(file).toLowerCase()),
    );
    for (const file of names.sort()) files.push({ path: join(dir, name, file), label });
  }
  if (files.length === 0) throw new ScenarioError('DATA_NOT_FOUND', `${dir} holds no PNG, JPEG or WebP images`);
  return { classNames, files };
}

function sample(files: ImageFile[], limit: number | undefined, seed: number): ImageFile[] {
  if (limit === undefined || limit >= files.length) return files;
  const order = createRng(seed).shuffledIndices(files.length).subarray(0, limit).sort();
  return Array.from(order, (i) => files[i] as ImageFile);
}

function splitPart(
  files: ImageFile[],
  options: { split: 'train' | 'validation'; seed: number; fraction: number | undefined },
): ImageFile[] {
  const [train, validation] = stratifiedSplit(
    files.map((file) => file.label),
    { testFraction: options.fraction ?? 0.2, seed: options.seed },
  ) as [Int32Array, Int32Array];
  return Array.from(options.split === 'train' ? train : validation, (i) => files[i] as ImageFile);
}

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
