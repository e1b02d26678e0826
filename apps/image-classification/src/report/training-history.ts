import type { ModelManifest } from '@scenarios/core/persistence';

/** One epoch of training as `train` records it: `loss`, `lr`, metrics such as `accuracy`, `val_loss`. */
export interface EpochRecord {
  /** 0-based. */
  epoch: number;
  loss: number;
  [name: string]: number;
}

/**
 * The per-epoch history that `train` saves in the manifest (`training.config.history`, core's
 * `History.epochs`), in epoch order. Empty when the manifest has none (a model saved by other
 * code); records that are not numbers throughout are left out.
 */
export function trainingHistory(manifest: ModelManifest): EpochRecord[] {
  const history = manifest.training?.config.history;
  if (!Array.isArray(history)) return [];
  return history
    .filter(
      (entry): entry is EpochRecord =>
        typeof entry === 'object' &&
        entry !== null &&
        Object.values(entry).every((value) => typeof value === 'number') &&
        typeof (entry as Record<string, unknown>).epoch === 'number' &&
        typeof (entry as Record<string, unknown>).loss === 'number',
    )
    .sort((a, b) => a.epoch - b.epoch);
}
