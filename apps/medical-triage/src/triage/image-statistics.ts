import { ScenarioError } from '@scenarios/core';
import type { ImageShape } from '../input/decode-input.js';

/** The statistics compared with the training images, each over the grayscale intensity in [0, 1]. */
export const STATISTIC_NAMES = ['mean', 'std', 'roughness'] as const;
export type StatisticName = (typeof STATISTIC_NAMES)[number];

/** Where one statistic lies on the training images: median and scaled median absolute deviation. */
export interface StatisticReference {
  name: StatisticName;
  median: number;
  /** 1.4826 x MAD: the standard deviation a normal distribution with this MAD would have. */
  scale: number;
}

/** The training images' statistics and how far from them an input may lie. */
export interface ImageStatisticsReference {
  statistics: StatisticReference[];
  /** An input whose robust z-score |x - median| / scale exceeds this on any statistic is unlike the training data. */
  max_robust_z: number;
}

/** Default largest robust z-score: 5 keeps every PneumoniaMNIST train and validation image and flags most other pictures. */
export const DEFAULT_MAX_ROBUST_Z = 5;

/**
 * Mean, standard deviation and roughness (mean absolute difference of horizontal and vertical
 * neighbours) of one image's intensity in [0, 1]; an RGB image is averaged over its channels.
 */
export function imageStatistics(pixels: Uint8Array, shape: ImageShape): Record<StatisticName, number> {
  const { height, width, channels } = shape;
  const gray = new Float64Array(height * width);
  for (let i = 0; i < gray.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += pixels[i * channels + c] as number;
    gray[i] = sum / channels / 255;
  }
  let mean = 0;
  for (const v of gray) mean += v;
  mean /= gray.length;
  let variance = 0;
  for (const v of gray) variance += (v - mean) ** 2;
  let rough = 0;
  let pairs = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = gray[y * width + x] as number;
      if (x + 1 < width) {
        rough += Math.abs((gray[y * width + x + 1] as number) - v);
        pairs++;
      }
      if (y + 1 < height) {
        rough += Math.abs((gray[(y + 1) * width + x] as number) - v);
        pairs++;
      }
    }
  }
  return { mean, std: Math.sqrt(variance / gray.length), roughness: pairs > 0 ? rough / pairs : 0 };
}

/** Fits the reference on a set of images (uint8, `count` images of `shape`, back to back). */
export function fitImageStatistics(
  images: Uint8Array,
  options: { shape: ImageShape; count: number; maxRobustZ?: number },
): ImageStatisticsReference {
  const { shape, count } = options;
  const size = shape.height * shape.width * shape.channels;
  if (count < 1 || images.length < count * size) {
    throw new ScenarioError('INVALID_ARGUMENT', `need at least one image of ${size} pixels to fit image statistics`);
  }
  const columns = STATISTIC_NAMES.map(() => new Float64Array(count));
  for (let i = 0; i < count; i++) {
    const stats = imageStatistics(images.subarray(i * size, (i + 1) * size), shape);
    STATISTIC_NAMES.forEach((name, j) => {
      (columns[j] as Float64Array)[i] = stats[name];
    });
  }
  return {
    statistics: STATISTIC_NAMES.map((name, j) => {
      const values = columns[j] as Float64Array;
      const median = medianOf(values);
      const mad = medianOf(values.map((v) => Math.abs(v - median)));
      // A constant statistic would make every other value infinitely far; a floor keeps z finite.
      return { name, median, scale: Math.max(1.4826 * mad, 1e-6) };
    }),
    max_robust_z: options.maxRobustZ ?? DEFAULT_MAX_ROBUST_Z,
  };
}

/** The statistics of an image that lie too far from the training images, with their robust z-scores. */
export function unusualStatistics(
  reference: ImageStatisticsReference,
  pixels: Uint8Array,
  shape: ImageShape,
): { name: StatisticName; z: number }[] {
  const stats = imageStatistics(pixels, shape);
  return reference.statistics
    .map(({ name, median, scale }) => ({ name, z: (stats[name] - median) / scale }))
    .filter(({ z }) => Math.abs(z) > reference.max_robust_z);
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
