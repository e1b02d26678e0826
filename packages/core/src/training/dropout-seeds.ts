import { tf } from '../tf.js';
import { deriveSeed } from './derive-seed.js';

// Layers whose random mask tfjs draws from their `seed` field.
const SEEDED_DROPOUT_CLASSES = new Set(['Dropout', 'SpatialDropout1D']);

interface SeedField {
  seed?: number;
}

/** Gives a model's dropout layers new seeds for each training step, then puts the old ones back. */
export interface DropoutSeeder {
  /** Seeds every dropout layer from `seed` (each layer its own). */
  reseed(seed: number): void;
  /** Restores the seeds the layers had before, so the saved config is unchanged. */
  restore(): void;
}

/**
 * tfjs's Dropout draws its mask from the layer's `seed`: unset, masks come from Math.random
 * and cannot be repeated; fixed, every step would get the same mask. Setting a fresh derived
 * seed before each step makes masks differ between steps yet repeat between runs.
 */
export function dropoutSeeder(model: tf.LayersModel): DropoutSeeder {
  const layers = dropoutLayers(model);
  const original = layers.map((layer) => layer.seed);
  return {
    reseed(seed) {
      layers.forEach((layer, i) => {
        layer.seed = deriveSeed(seed, [i]);
      });
    },
    restore() {
      layers.forEach((layer, i) => {
        layer.seed = original[i];
      });
    },
  };
}

function dropoutLayers(model: tf.LayersModel): SeedField[] {
  return model.layers.flatMap((layer) => {
    if (layer instanceof tf.LayersModel) return dropoutLayers(layer);
    return SEEDED_DROPOUT_CLASSES.has(layer.getClassName()) ? [layer as unknown as SeedField] : [];
  });
}
