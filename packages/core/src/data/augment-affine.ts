import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { createRng, type Rng } from './random.js';

export interface AffineOptions {
  /** Largest rotation either way, in degrees; angles are uniform in [-max, max]. Default 10. */
  maxRotationDegrees?: number;
  /** Range of the zoom factor (above 1 enlarges), uniform. Default [0.9, 1.1]. */
  scaleRange?: readonly [number, number];
  /** Largest shift along each axis in pixels, uniform real. Default 0. */
  maxShift?: number;
  /** How pixels outside the image are filled: 'nearest' repeats the border, 'constant' uses 0. Default 'nearest'. */
  fillMode?: 'nearest' | 'constant' | 'reflect';
}

/**
 * Rotates, zooms and shifts each image of an NHWC float32 batch by its own random amounts about
 * the image centre, with bilinear interpolation, in one projective-transform kernel. Random
 * choices come from a seeded `Rng` (or a seed), so the same seed gives the same result. Returns
 * a new tensor that the caller owns.
 *
 * @example
 * const augmented = randomAffine(batch, createRng(seed), { maxRotationDegrees: 10, scaleRange: [0.9, 1.1] });
 */
export function randomAffine(images: tf.Tensor4D, rng: Rng | number, options: AffineOptions = {}): tf.Tensor4D {
  if (images.rank !== 4 || images.dtype !== 'float32') {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `augmentations take a float32 NHWC batch, got ${images.dtype} of shape [${images.shape.join(', ')}]`,
    );
  }
  const maxRotation = options.maxRotationDegrees ?? 10;
  const [minScale, maxScale] = options.scaleRange ?? [0.9, 1.1];
  const maxShift = options.maxShift ?? 0;
  if (!(maxRotation >= 0 && maxRotation <= 180)) {
    throw new ScenarioError('INVALID_ARGUMENT', `maxRotationDegrees must be in [0, 180], got ${maxRotation}`);
  }
  if (!(minScale > 0 && minScale <= maxScale && Number.isFinite(maxScale))) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `scaleRange must satisfy 0 < low <= high, got [${minScale}, ${maxScale}]`,
    );
  }
  if (!(maxShift >= 0 && Number.isFinite(maxShift))) {
    throw new ScenarioError('INVALID_ARGUMENT', `maxShift must be a finite number >= 0, got ${maxShift}`);
  }
  const random = typeof rng === 'number' ? createRng(rng) : rng;
  const [batch, height, width] = images.shape;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const uniform = (low: number, high: number) => low + (high - low) * random.next();
  // Each row maps an output pixel (x, y) to the input point it samples:
  // input = R(-angle) (output - centre - shift) / scale + centre.
  const transforms = new Float32Array(batch * 8);
  for (let i = 0; i < batch; i++) {
    const angle = (uniform(-maxRotation, maxRotation) * Math.PI) / 180;
    const scale = uniform(minScale, maxScale);
    const dx = uniform(-maxShift, maxShift);
    const dy = uniform(-maxShift, maxShift);
    const cos = Math.cos(angle) / scale;
    const sin = Math.sin(angle) / scale;
    const ox = cx + dx;
    const oy = cy + dy;
    transforms.set([cos, sin, cx - cos * ox - sin * oy, -sin, cos, cy + sin * ox - cos * oy, 0, 0], i * 8);
  }
  return tf.tidy(() =>
    tf.image.transform(images, tf.tensor2d(transforms, [batch, 8]), 'bilinear', options.fillMode ?? 'nearest', 0),
  );
}
