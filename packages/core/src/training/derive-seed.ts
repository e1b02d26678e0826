/** What a derived seed is for, so that shuffling, dropout and augmentation never share a stream. */
export const SEED_PURPOSE = Object.freeze({ shuffle: 1, dropout: 2, augment: 3 });

/**
 * A 32-bit seed derived from the training seed and a path of integers (purpose, epoch,
 * batch, ...). Pure: the same inputs give the same seed on every run.
 */
export function deriveSeed(seed: number, path: readonly number[]): number {
  let h = mix32((seed >>> 0) ^ mix32(Math.floor(seed / 4294967296) >>> 0));
  for (const part of path) h = mix32(h ^ mix32((part >>> 0) + 0x9e3779b9));
  return h;
}

/** The 32-bit finaliser of MurmurHash3: every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
