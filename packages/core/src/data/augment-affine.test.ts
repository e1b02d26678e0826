import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { randomAffine } from './augment-affine.js';

const row = () => tf.tensor4d([10, 20, 30, 40, 50], [1, 1, 5, 1]);

describe('randomAffine', () => {
  it('leaves images unchanged without rotation, zoom or shift', async () => {
    const images = tf.tensor4d(
      Float32Array.from({ length: 2 * 4 * 3 * 2 }, (_, i) => i),
      [2, 4, 3, 2],
    );
    const out = randomAffine(images, 1, { maxRotationDegrees: 0, scaleRange: [1, 1] });
    expect(Array.from(await out.data())).toEqual(Array.from(await images.data()));
    tf.dispose([images, out]);
  });

  it('zooms about the centre with bilinear interpolation', async () => {
    // Zoom 2 on a row of 5 (centre x = 2): output x samples input 2 + (x - 2) / 2 = 1, 1.5, 2, 2.5, 3.
    const images = row();
    const out = randomAffine(images, 1, { maxRotationDegrees: 0, scaleRange: [2, 2] });
    expect(Array.from(await out.data())).toEqual([20, 25, 30, 35, 40]);
    // Zoom 1/2 samples 2 + 2 (x - 2) = -2, 0, 2, 4, 6; 'nearest' repeats the border, 'constant' puts 0.
    const nearest = randomAffine(images, 1, { maxRotationDegrees: 0, scaleRange: [0.5, 0.5] });
    expect(Array.from(await nearest.data())).toEqual([10, 10, 30, 50, 50]);
    const constant = randomAffine(images, 1, { maxRotationDegrees: 0, scaleRange: [0.5, 0.5], fillMode: 'constant' });
    expect(Array.from(await constant.data())).toEqual([0, 10, 30, 50, 0]);
    tf.dispose([images, out, nearest, constant]);
  });

  it('rotates about the centre, keeps the centre pixel, and repeats for the same seed', async () => {
    const images = tf.tensor4d(
      Float32Array.from({ length: 25 }, (_, i) => i),
      [1, 5, 5, 1],
    );
    const a = randomAffine(images, 7, { maxRotationDegrees: 45, scaleRange: [1, 1] });
    const b = randomAffine(images, 7, { maxRotationDegrees: 45, scaleRange: [1, 1] });
    const c = randomAffine(images, 8, { maxRotationDegrees: 45, scaleRange: [1, 1] });
    const [va, vb, vc] = await Promise.all([a.data(), b.data(), c.data()]);
    expect(va[12]).toBeCloseTo(12, 5);
    expect(Array.from(va)).toEqual(Array.from(vb));
    expect(Array.from(va)).not.toEqual(Array.from(vc));
    tf.dispose([images, a, b, c]);
  });

  it('does not leak tensors and refuses bad options', () => {
    const images = row();
    const before = tf.memory().numTensors;
    randomAffine(images, 3, { maxShift: 1 }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => randomAffine(images, 1, { scaleRange: [1.2, 1.1] })).toThrow(/scaleRange/);
    expect(() => randomAffine(images, 1, { maxRotationDegrees: -1 })).toThrow(/maxRotationDegrees/);
    expect(() => randomAffine(images, 1, { maxShift: Number.NaN })).toThrow(/maxShift/);
    const flat = tf.zeros([2, 2]);
    expect(() => randomAffine(flat as tf.Tensor4D, 1)).toThrow(/NHWC/);
    tf.dispose([images, flat]);
  });
});
