import { tf } from '@scenarios/core';
import { ArrayDataset } from '@scenarios/core/data';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exampleThumbnails, highestConfidenceMistakes } from './worst-examples.js';

describe('highestConfidenceMistakes', () => {
  it('keeps the wrong predictions, surest first, with both probabilities', () => {
    const probabilities = [
      [0.7, 0.2, 0.1], // true 0, right
      [0.1, 0.1, 0.8], // true 1, predicted 2 at 0.8
      [0.5, 0.4, 0.1], // true 1, predicted 0 at 0.5
      [0.05, 0.9, 0.05], // true 2, predicted 1 at 0.9
      [0.1, 0.8, 0.1], // true 0, predicted 1 at 0.8 (tie with example 1: lower index first)
    ].flat();
    const { mistakes, total } = highestConfidenceMistakes({
      labels: [0, 1, 1, 2, 0],
      predictions: [0, 2, 0, 1, 1],
      probabilities,
      numClasses: 3,
      count: 3,
    });
    expect(total).toBe(4);
    expect(mistakes).toEqual([
      { index: 3, trueClass: 2, predictedClass: 1, confidence: 0.9, trueProbability: 0.05 },
      { index: 1, trueClass: 1, predictedClass: 2, confidence: 0.8, trueProbability: 0.1 },
      { index: 4, trueClass: 0, predictedClass: 1, confidence: 0.8, trueProbability: 0.1 },
    ]);
  });
});

describe('exampleThumbnails', () => {
  it('turns the scaled model input back into the original pixels, as PNG, without leaking tensors', async () => {
    // Three 2x3 grayscale images whose pixels are 10 * image + position.
    const pixels = Uint8Array.from({ length: 18 }, (_, i) => 10 * Math.floor(i / 6) + (i % 6));
    const dataset = new ArrayDataset({
      inputs: pixels,
      inputShape: [2, 3, 1],
      targets: Int32Array.from([0, 1, 2]),
      inputScale: 1 / 255,
    });
    const before = tf.memory().numTensors;
    const pngs = await exampleThumbnails(dataset, {
      indices: [2, 0],
      shape: { height: 2, width: 3, channels: 1 },
      scale: 1 / 255,
    });
    expect(tf.memory().numTensors).toBe(before);
    // Grayscale PNGs (one channel), decoded here without sharp's conversion to RGB.
    expect(await Promise.all(pngs.map(async (png) => (await sharp(png).metadata()).channels))).toEqual([1, 1]);
    const decoded = await Promise.all(
      pngs.map((png) => sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true })),
    );
    expect(decoded.map(({ info }) => [info.width, info.height])).toEqual([
      [3, 2],
      [3, 2],
    ]);
    expect(decoded.map(({ data }) => [...data])).toEqual([
      [20, 21, 22, 23, 24, 25],
      [0, 1, 2, 3, 4, 5],
    ]);
    expect(
      await exampleThumbnails(dataset, { indices: [], shape: { height: 2, width: 3, channels: 1 }, scale: 1 }),
    ).toEqual([]);
  });
});
