import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScenarioError, silentLogger } from '@scenarios/core';
import { ArrayDataset } from '@scenarios/core/data';
import {
  type AdapterOptions,
  checkLimit,
  handleCorrupt,
  type LabeledImages,
  type SkippedItem,
} from './labeled-images.js';

/** The CIFAR-10 classes, used when `batches.meta.txt` is absent. */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

const SIDE = 32;
const PLANE = SIDE * SIDE;
/** One record: a label byte, then 1024 red, 1024 green and 1024 blue bytes, rows top to bottom. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * PLANE;

export interface Cifar10Options extends AdapterOptions {
  /** Directory of the binary version (`cifar-10-batches-bin`). */
  dir: string;
  /** 'train' reads every `data_batch_*.bin`, 'test' reads `test_batch.bin`. */
  split: 'train' | 'test';
}

/**
 * Reads the binary version of CIFAR-10 (Krizhevsky, 2009): batches of 3073-byte records, each a
 * label byte and a 32x32 image in channel-major (CHW) order, turned here into HWC. Class names
 * come from `batches.meta.txt` (one per line) when present. A batch file whose size is not a
 * whole number of records, or a record whose label names no class, is corrupt: 'skip' leaves
 * out that file or record (listed in `skipped`), 'stop' throws DATA_CORRUPT naming the file.
 */
export async function loadCifar10(options: Cifar10Options): Promise<LabeledImages> {
  const { dir, split } = options;
  checkLimit(options.limit);
  const logger = options.logger ?? silentLogger;
  const policy = { onCorrupt: options.onCorrupt ?? 'stop', skipped: [] as SkippedItem[], logger };
  const classNames = await readClassNames(dir);
  const files = await batchFiles(dir, split);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;

  const images: Uint8Array[] = [];
  const labels: number[] = [];
  const used: string[] = [];
  for (const path of files) {
    if (labels.length >= limit) break;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
      if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
        throw new Error(`${bytes.length} bytes is not a whole number of ${CIFAR10_RECORD_BYTES}-byte records`);
      }
    } catch (error) {
      handleCorrupt({ path, error }, policy);
      continue;
    }
    used.push(path);
    for (let offset = 0; offset < bytes.length && labels.length < limit; offset += CIFAR10_RECORD_BYTES) {
      const label = bytes[offset] as number;
      if (label >= classNames.length) {
        const record = offset / CIFAR10_RECORD_BYTES;
        handleCorrupt({ path: `${path}#${record}`, error: new Error(`label ${label} names no class`) }, policy);
        continue;
      }
      labels.push(label);
      images.push(toHwc(bytes.subarray(offset + 1, offset + CIFAR10_RECORD_BYTES)));
    }
  }
  if (labels.length === 0) throw new ScenarioError('DATA_CORRUPT', `no readable CIFAR-10 ${split} records in ${dir}`);
  const inputs = new Uint8Array(labels.length * 3 * PLANE);
  images.forEach((image, i) => {
    inputs.set(image, i * 3 * PLANE);
  });
  logger.debug({ dir, split, examples: labels.length, skipped: policy.skipped.length }, 'read CIFAR-10 batches');
  return {
    dataset: new ArrayDataset({
      inputs,
      inputShape: [SIDE, SIDE, 3],
      targets: Int32Array.from(labels),
      inputScale: 1 / 255,
    }),
    classNames,
    inputShape: [SIDE, SIDE, 3],
    format: 'cifar10',
    name: 'cifar-10',
    files: used,
    skipped: policy.skipped,
    horizontalFlip: true,
  };
}

/** Channel-major 3x32x32 to row-major 32x32x3. */
function toHwc(chw: Uint8Array): Uint8Array {
  const hwc = new Uint8Array(3 * PLANE);
  for (let p = 0; p < PLANE; p++) {
    hwc[3 * p] = chw[p] as number;
    hwc[3 * p + 1] = chw[PLANE + p] as number;
    hwc[3 * p + 2] = chw[2 * PLANE + p] as number;
  }
  return hwc;
}

async function readClassNames(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, 'batches.meta.txt'), 'utf8').catch(() => undefined);
  const names = text
    ?.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return names && names.length >= 2 ? names : [...CIFAR10_CLASSES];
}

async function batchFiles(dir: string, split: 'train' | 'test'): Promise<string[]> {
  if (split !== 'train' && split !== 'test') {
    throw new ScenarioError('INVALID_ARGUMENT', `CIFAR-10 has splits train and test, not ${split}`);
  }
  const entries = await readdir(dir).catch((error: unknown) => {
    throw new ScenarioError('DATA_NOT_FOUND', `cannot read the CIFAR-10 directory ${dir}`, { cause: error });
  });
  const pattern = split === 'train' ? /^data_batch_\d+\.bin$/ : /^test_batch\.bin$/;
  const files = entries
    .filter((name) => pattern.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (files.length === 0) {
    const expected = split === 'train' ? 'data_batch_*.bin' : 'test_batch.bin';
    throw new ScenarioError('DATA_NOT_FOUND', `${dir} has no ${expected} (the binary version of CIFAR-10)`);
  }
  return files.map((name) => join(dir, name));
}
