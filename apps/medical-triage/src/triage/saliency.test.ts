import { tf } from '@scenarios/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brightnessNetwork } from '../test-support/triage-fixture.js';
import { renderSaliencyPng, saliencyMap } from './saliency.js';

const shape = { height: 28, width: 28, channels: 1 as const };

describe('saliency', () => {
  let model: tf.LayersModel;
  beforeAll(() => {
    model = brightnessNetwork();
  });
  afterAll(() => model.dispose());

  it('is the gradient of the urgent logit: 20/784 for every pixel of the brightness network', () => {
    // logit = log p1 - log p0 = sum(x) x 20/784 - 10, so d logit / d x = 20/784 everywhere.
    const numTensors = tf.memory().numTensors;
    const map = saliencyMap(model, new Uint8Array(784).fill(100), shape);
    expect(map).toHaveLength(784);
    for (const value of map) expect(value).toBeCloseTo(20 / 784, 5);
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  it('renders the heat over the image as a PNG of the asked size', async () => {
    // Uniform saliency is 1 after scaling: 0.3 x grey + 0.7 x yellow (255, 255, 0).
    const png = await renderSaliencyPng(
      new Float32Array(784).fill(0.5),
      {
        pixels: new Uint8Array(784).fill(100),
        shape,
      },
      { size: 56 },
    );
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([56, 56, 3]);
    expect(Array.from(data.subarray(0, 3))).toEqual([209, 209, 30]);
  });

  it('leaves the image as it is where the saliency is zero', async () => {
    const saliency = new Float32Array(784);
    saliency[0] = 1;
    const png = await renderSaliencyPng(saliency, { pixels: new Uint8Array(784).fill(80), shape }, { size: 28 });
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    // The last pixel is far from the only salient one.
    expect(Array.from(data.subarray(data.length - 3))).toEqual([80, 80, 80]);
  });
});
