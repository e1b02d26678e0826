import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { randomErasing, randomHorizontalFlip, randomTranslate } from './augment.js';
import { createRng } from './random.js';

/** A batch whose every value is distinct: value = 1 + flat index. */
const distinct = (shape: [number, number, number, number]) =>
  tf.tensor4d(
    Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => i + 1),
    shape,
  );

/** Value of pixel (b, y, x, c) in a host copy of an NHWC batch. */
const at = (values: Float32Array, shape: number[], index: [number, number, number, number]) => {
  const [, h, w, c] = shape as [number, number, number, number];
  const [b, y, x, k] = index;
  return values[((b * h + y) * w + x) * c + k] as number;
};

const valuesOf = (tensor: tf.Tensor) => {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
};

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('randomHorizontalFlip', () => {
  it('mirrors every image when the probability is 1', () => {
    // One 2x3 image with one channel: rows [1 2 3] and [4 5 6] become [3 2 1] and [6 5 4].
    const images = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    expect([...valuesOf(randomHorizontalFlip(images, 0, { probability: 1 }))]).toEqual([3, 2, 1, 6, 5, 4]);
    expect([...valuesOf(randomHorizontalFlip(images, 0, { probability: 0 }))]).toEqual([1, 2, 3, 4, 5, 6]);
    images.dispose();
  });

  it('flips the examples that the seeded draws pick, equal to reverse along the width', () => {
    const shape: [number, number, number, number] = [16, 3, 4, 2];
    const images = distinct(shape);
    const reversed = tf.reverse(images, 2);
    const mirror = valuesOf(reversed);
    const input = images.dataSync() as Float32Array;
    const out = valuesOf(randomHorizontalFlip(images, 21));
    const rng = createRng(21);
    const perExample = 3 * 4 * 2;
    let flipped = 0;
    for (let b = 0; b < 16; b++) {
      const flip = rng.next() < 0.5;
      flipped += flip ? 1 : 0;
      const expected = (flip ? mirror : input).subarray(b * perExample, (b + 1) * perExample);
      expect([...out.subarray(b * perExample, (b + 1) * perExample)]).toEqual([...expected]);
    }
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(16);
    expect([...valuesOf(randomHorizontalFlip(images, 21))]).toEqual([...out]);
    expect([...valuesOf(randomHorizontalFlip(images, createRng(21)))]).toEqual([...out]);
    images.dispose();
  });
});

describe('randomTranslate', () => {
  it('moves a single bright pixel by the drawn shift', () => {
    const pixel = new Float32Array(25);
    pixel[2 * 5 + 2] = 1;
    const images = tf.tensor4d(pixel, [1, 5, 5, 1]);
    const out = valuesOf(randomTranslate(images, 8, { maxShift: 2 }));
    const rng = createRng(8);
    const dy = rng.int(5) - 2;
    const dx = rng.int(5) - 2;
    expect(out.reduce((a, b) => a + b, 0)).toBe(1);
    expect(out[(2 + dy) * 5 + (2 + dx)]).toBe(1);
    images.dispose();
  });

  it('shifts every example and channel, filling the border with zeros', () => {
    const shape: [number, number, number, number] = [6, 7, 6, 2];
    const images = distinct(shape);
    const input = images.dataSync() as Float32Array;
    const out = valuesOf(randomTranslate(images, 4, { maxShift: 3 }));
    const rng = createRng(4);
    const shifts = new Set<string>();
    for (let b = 0; b < 6; b++) {
      const dy = rng.int(7) - 3;
      const dx = rng.int(7) - 3;
      shifts.add(`${dy},${dx}`);
      for (let y = 0; y < 7; y++) {
        for (let x = 0; x < 6; x++) {
          for (let c = 0; c < 2; c++) {
            const [sy, sx] = [y - dy, x - dx];
            const inside = sy >= 0 && sy < 7 && sx >= 0 && sx < 6;
            expect(at(out, shape, [b, y, x, c])).toBe(inside ? at(input, shape, [b, sy, sx, c]) : 0);
          }
        }
      }
    }
    expect(shifts.size).toBeGreaterThan(1);
    expect([...valuesOf(randomTranslate(images, 4, { maxShift: 3 }))]).toEqual([...out]);
    expect([...valuesOf(randomTranslate(images, 4, { maxShift: 0 }))]).toEqual([...input]);
    expect(() => randomTranslate(images, 4, { maxShift: 6 })).toThrow(/maxShift/);
    images.dispose();
  });
});

describe('randomErasing', () => {
  it('zeroes one rectangle in every channel of each picked example', () => {
    const shape: [number, number, number, number] = [12, 10, 12, 3];
    const images = tf.ones(shape) as tf.Tensor4D;
    const out = valuesOf(randomErasing(images, 13, { probability: 1, areaRange: [0.1, 0.3] }));
    for (let b = 0; b < 12; b++) {
      const zeros: Array<[number, number]> = [];
      for (let y = 0; y < 10; y++) {
        for (let x = 0; x < 12; x++) {
          const channel = [0, 1, 2].map((c) => at(out, shape, [b, y, x, c]));
          expect(new Set(channel).size).toBe(1);
          if (channel[0] === 0) zeros.push([y, x]);
          else expect(channel[0]).toBe(1);
        }
      }
      const ys = zeros.map(([y]) => y);
      const xs = zeros.map(([, x]) => x);
      const height = Math.max(...ys) - Math.min(...ys) + 1;
      const width = Math.max(...xs) - Math.min(...xs) + 1;
      // The zeros fill their bounding box exactly: a rectangle, of roughly the requested area.
      expect(zeros.length).toBe(height * width);
      expect(zeros.length / 120).toBeGreaterThanOrEqual(0.05);
      expect(zeros.length / 120).toBeLessThanOrEqual(0.45);
    }
    images.dispose();
  });

  it('leaves images alone at probability 0 and repeats itself for a seed', () => {
    const images = distinct([8, 6, 6, 1]);
    const input = [...(images.dataSync() as Float32Array)];
    expect([...valuesOf(randomErasing(images, 1, { probability: 0 }))]).toEqual(input);
    const a = [...valuesOf(randomErasing(images, 2))];
    expect([...valuesOf(randomErasing(images, 2))]).toEqual(a);
    expect([...valuesOf(randomErasing(images, 3))]).not.toEqual(a);
    const erased = a.filter((v) => v === 0).length;
    expect(erased).toBeGreaterThan(0);
    // Every value is either kept or zero.
    expect(a.every((v, i) => v === 0 || v === input[i])).toBe(true);
    images.dispose();
  });
});

describe('input checks', () => {
  it('rejects what is not a float32 NHWC batch', () => {
    const rank3 = tf.zeros([2, 2, 1]);
    const ints = tf.zeros([1, 2, 2, 1], 'int32');
    for (const augment of [randomHorizontalFlip, randomTranslate, randomErasing]) {
      expect(() => augment(rank3 as tf.Tensor4D, 0)).toThrow(/float32 NHWC batch/);
      expect(() => augment(ints as tf.Tensor4D, 0)).toThrow(/float32 NHWC batch/);
    }
    const image = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => randomHorizontalFlip(image, 0, { probability: 2 })).toThrow(/probability must lie in \[0, 1\]/);
    expect(() => randomErasing(image, 0, { areaRange: [0.5, 0.1] })).toThrow(/areaRange must satisfy/);
    expect(() => randomErasing(image, 0, { aspectRange: [0, 2] })).toThrow(/aspectRange must satisfy/);
    tf.dispose([rank3, ints, image]);
  });
});
