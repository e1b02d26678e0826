import { writeFile } from 'node:fs/promises';
import { encodeNpz, type NdArray } from '@scenarios/core/data';

export interface SyntheticSplitSpec {
  count: number;
  /** Side of the square images. Default 28. */
  size?: number;
  /** 1 (stored as [n, H, W]) or 3 ([n, H, W, 3]). Default 1. */
  channels?: 1 | 3;
  /** Columns of labels: 1 for a single-label set, more for a multi-label one. Default 1. */
  labelColumns?: number;
  /** The label(s) of image i. Default: i % 2 (one column). */
  label?: (i: number) => number[];
}

/**
 * Pixels of a synthetic chest-X-ray stand-in: a soft background with noise, and for positive
 * images a bright blob in the lower left, which a small CNN learns in a couple of epochs.
 */
function pixelsOf(i: number, positive: boolean, size: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const noise = ((i * 7919 + y * 104729 + x * 1299709) % 61) - 30;
      const blob = positive && Math.hypot(x - size * 0.3, y - size * 0.65) < size * 0.22 ? 90 : 0;
      out.push(Math.max(0, Math.min(255, 110 + noise + blob)));
    }
  }
  return out;
}

/** Writes a MedMNIST-style `.npz` file with `train`, `val` and `test` splits made by `pixelsOf`. */
export async function writeSyntheticMedmnist(
  path: string,
  splits: Record<'train' | 'val' | 'test', SyntheticSplitSpec>,
): Promise<void> {
  const arrays: Record<string, NdArray> = {};
  for (const [split, spec] of Object.entries(splits)) {
    const size = spec.size ?? 28;
    const channels = spec.channels ?? 1;
    const columns = spec.labelColumns ?? 1;
    const labelOf = spec.label ?? ((i: number) => [i % 2]);
    const images: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < spec.count; i++) {
      const label = labelOf(i);
      const gray = pixelsOf(
        i,
        label.some((v) => v === 1),
        size,
      );
      images.push(...(channels === 1 ? gray : gray.flatMap((v) => [v, v, Math.max(0, v - 20)])));
      labels.push(...label);
    }
    arrays[`${split}_images`] = {
      data: Uint8Array.from(images),
      shape: channels === 1 ? [spec.count, size, size] : [spec.count, size, size, 3],
      dtype: 'uint8',
    };
    arrays[`${split}_labels`] = { data: Uint8Array.from(labels), shape: [spec.count, columns], dtype: 'uint8' };
  }
  await writeFile(path, encodeNpz(arrays));
}
