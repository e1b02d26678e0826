import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { createRng, type Rng } from './random.js';

/**
 * Image augmentations on NHWC float32 batches. Random choices are drawn per example on the host
 * from a seeded `Rng` (or a seed), so the same seed gives the same result; the pixels move with
 * kernels the wasm backend has (Transform, Multiply). Each returns a new tensor that the caller
 * owns and leaves its input alone.
 */

export interface FlipOptions {
  /** Chance that an example is mirrored left-right. Default 0.5. */
  probability?: number;
}

/** Mirrors each image left-right with the given probability. */
export function randomHorizontalFlip(images: tf.Tensor4D, rng: Rng | number, options: FlipOptions = {}): tf.Tensor4D {
  checkImages(images);
  const probability = checkedProbability(options.probability ?? 0.5);
  const random = toRng(rng);
  const [batch, , width] = images.shape;
  // One projective transform per example: the identity, or x -> (width - 1) - x to mirror it.
  // Whole-pixel maps with nearest sampling copy values exactly, in a single kernel.
  const transforms = new Float32Array(batch * 8);
  for (let i = 0; i < batch; i++) {
    const flip = random.next() < probability;
    transforms.set(flip ? [-1, 0, width - 1, 0, 1, 0, 0, 0] : [1, 0, 0, 0, 1, 0, 0, 0], i * 8);
  }
  return tf.tidy(() => tf.image.transform(images, tf.tensor2d(transforms, [batch, 8]), 'nearest', 'constant', 0));
}

export interface TranslateOptions {
  /** Largest shift in pixels along each axis; shifts are uniform integers in [-maxShift, maxShift]. Default 2. */
  maxShift?: number;
}

/**
 * Shifts each image by a random whole number of pixels vertically and horizontally, filling
 * the uncovered border with zeros (the same as zero-padding by `maxShift` and cropping at a
 * random offset).
 */
export function randomTranslate(images: tf.Tensor4D, rng: Rng | number, options: TranslateOptions = {}): tf.Tensor4D {
  checkImages(images);
  const [batch, height, width] = images.shape;
  const maxShift = options.maxShift ?? 2;
  if (!Number.isInteger(maxShift) || maxShift < 0 || maxShift >= Math.min(height, width)) {
    throw new ScenarioError('INVALID_ARGUMENT', `maxShift must be an integer in [0, ${Math.min(height, width)})`);
  }
  const random = toRng(rng);
  // A projective transform maps each output pixel (x, y) to the input pixel (x - dx, y - dy).
  const transforms = new Float32Array(batch * 8);
  for (let i = 0; i < batch; i++) {
    const dy = random.int(2 * maxShift + 1) - maxShift;
    const dx = random.int(2 * maxShift + 1) - maxShift;
    transforms.set([1, 0, -dx, 0, 1, -dy, 0, 0], i * 8);
  }
  return tf.tidy(() => tf.image.transform(images, tf.tensor2d(transforms, [batch, 8]), 'nearest', 'constant', 0));
}

export interface ErasingOptions {
  /** Chance that an example gets a rectangle erased. Default 0.5. */
  probability?: number;
  /** Range of the rectangle's area as a fraction of the image. Default [0.02, 0.33]. */
  areaRange?: readonly [number, number];
  /** Range of the rectangle's height / width ratio, sampled log-uniformly. Default [0.3, 3.3]. */
  aspectRange?: readonly [number, number];
}

/**
 * Random erasing (Zhong et al., 2017; "cutout"): with the given probability, sets a rectangle
 * of random area and aspect ratio at a random place to zero in every channel. When no sampled
 * rectangle fits the image in 10 tries, the example is left as it is.
 */
export function randomErasing(images: tf.Tensor4D, rng: Rng | number, options: ErasingOptions = {}): tf.Tensor4D {
  checkImages(images);
  const probability = checkedProbability(options.probability ?? 0.5);
  const [minArea, maxArea] = checkedRange(options.areaRange ?? [0.02, 0.33], 'areaRange', 1);
  const [minAspect, maxAspect] = checkedRange(
    options.aspectRange ?? [0.3, 3.3],
    'aspectRange',
    Number.POSITIVE_INFINITY,
  );
  const random = toRng(rng);
  const [batch, height, width] = images.shape;
  // Build the keep-mask on the host: 1 keeps a pixel, 0 erases it; channels share it by broadcasting.
  const mask = new Float32Array(batch * height * width).fill(1);
  for (let i = 0; i < batch; i++) {
    if (random.next() >= probability) continue;
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = height * width * (minArea + (maxArea - minArea) * random.next());
      const aspect = Math.exp(Math.log(minAspect) + (Math.log(maxAspect) - Math.log(minAspect)) * random.next());
      const h = Math.round(Math.sqrt(area * aspect));
      const w = Math.round(Math.sqrt(area / aspect));
      if (h < 1 || w < 1 || h > height || w > width) continue;
      const top = random.int(height - h + 1);
      const left = random.int(width - w + 1);
      for (let y = top; y < top + h; y++) {
        mask.fill(0, (i * height + y) * width + left, (i * height + y) * width + left + w);
      }
      break;
    }
  }
  return tf.tidy(() => tf.mul(images, tf.tensor4d(mask, [batch, height, width, 1])));
}

function checkImages(images: tf.Tensor): void {
  if (images.rank !== 4 || images.dtype !== 'float32') {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `augmentations take a float32 NHWC batch, got ${images.dtype} of shape [${images.shape.join(', ')}]`,
    );
  }
}

function checkedProbability(probability: number): number {
  if (!(probability >= 0 && probability <= 1)) {
    throw new ScenarioError('INVALID_ARGUMENT', `probability must lie in [0, 1], got ${probability}`);
  }
  return probability;
}

function checkedRange(range: readonly [number, number], name: string, max: number): [number, number] {
  const [low, high] = range;
  if (!(low > 0 && low <= high && high <= max)) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `${name} must satisfy 0 < low <= high <= ${max}, got [${low}, ${high}]`,
    );
  }
  return [low, high];
}

function toRng(rng: Rng | number): Rng {
  return typeof rng === 'number' ? createRng(rng) : rng;
}
