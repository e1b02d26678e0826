import { tf } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { buildTriageRecipe, triageAugmentation } from './model.js';

describe('buildTriageRecipe', () => {
  it('builds a 2-way residual network with batch normalisation for the image shape', () => {
    const recipe = buildTriageRecipe({ shape: { height: 28, width: 28, channels: 1 }, epochs: 10 });
    const { model } = recipe;
    expect(model.inputs[0]?.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    expect(model.layers.some((layer) => layer.getClassName() === 'BatchNormalization')).toBe(true);
    expect(model.layers.some((layer) => layer.getClassName() === 'Add')).toBe(true);
    expect(recipe.config).toMatchObject({
      architecture: { widths: [16, 32, 64], blocks_per_stage: 1 },
      schedule: { kind: 'cosine', warmup_epochs: 1 },
      augmentation: { max_rotation_degrees: 10, max_shift: 2 },
    });
    model.dispose();
    const rgb = buildTriageRecipe({ shape: { height: 64, width: 64, channels: 3 }, epochs: 2, widths: [4, 8] });
    expect(rgb.model.inputs[0]?.shape).toEqual([null, 64, 64, 3]);
    expect(rgb.config.schedule).toEqual({ kind: 'cosine', warmup_epochs: 0 });
    rgb.model.dispose();
  });
});

describe('triageAugmentation', () => {
  it('keeps the shape, repeats for a seed, changes the pixels and frees what it makes', async () => {
    const augment = triageAugmentation({ maxRotationDegrees: 10, scaleRange: [0.9, 1.1], maxShift: 2, erasing: 0.5 });
    const xs = tf.tensor4d(
      Float32Array.from({ length: 4 * 28 * 28 }, (_, i) => (i % 29) / 29),
      [4, 28, 28, 1],
    );
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => augment(xs, { epoch: 0, batch: 0, seed: 11 }));
    const b = tf.tidy(() => augment(xs, { epoch: 0, batch: 0, seed: 11 }));
    expect(a.shape).toEqual([4, 28, 28, 1]);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    expect(Array.from(await a.data())).not.toEqual(Array.from(await xs.data()));
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
    xs.dispose();
  });
});
