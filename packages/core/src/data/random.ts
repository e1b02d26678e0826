import { ScenarioError } from '../errors.js';

/**
 * A seeded pseudo-random generator. Every shuffle, split and augmentation in the toolkit draws
 * from one of these, so a seed fixes the result.
 *
 * The same seed gives the same sequence on every run and machine: the state is a 32-bit
 * integer advanced with integer arithmetic only (mulberry32). `normal()` also uses `Math.log`,
 * `Math.sqrt` and `Math.cos`, which are deterministic within one JavaScript engine (Node's V8).
 */
export interface Rng {
  /** The seed this generator was created with. */
  readonly seed: number;
  /** A uniform integer in [0, 2^32). */
  uint32(): number;
  /** A uniform float in [0, 1). */
  next(): number;
  /** A uniform integer in [0, n); `n` is a positive integer up to 2^32. */
  int(n: number): number;
  /** A standard normal deviate (mean 0, standard deviation 1), by the Box-Muller transform. */
  normal(): number;
  /** The integers 0..n-1 in a uniformly random order (Fisher-Yates). */
  shuffledIndices(n: number): Int32Array;
  /**
   * A child generator with its own stream, derived from this one's next output: forking
   * at the same point of the same parent always gives the same child.
   */
  fork(): Rng;
}

const TWO_POW_32 = 4294967296;

/** Creates a generator; `seed` is any safe integer (negative and large values are folded in). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new ScenarioError('INVALID_ARGUMENT', `seed must be a safe integer, got ${seed}`);
  }
  let state = foldSeed(seed);
  let spareNormal: number | undefined;

  const uint32 = (): number => {
    // mulberry32 (Tommy Ettinger): passes PractRand up to 2^32 outputs, one 32-bit word of state.
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / TWO_POW_32;
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new ScenarioError('INVALID_ARGUMENT', `int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    return Math.floor(next() * n);
  };

  return {
    seed,
    uint32,
    next,
    int,
    normal() {
      if (spareNormal !== undefined) {
        const value = spareNormal;
        spareNormal = undefined;
        return value;
      }
      // 1 - next() lies in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    shuffledIndices(n) {
      if (!Number.isInteger(n) || n < 0) {
        throw new ScenarioError('INVALID_ARGUMENT', `shuffledIndices(n) needs a non-negative integer, got ${n}`);
      }
      const indices = new Int32Array(n);
      for (let i = 0; i < n; i++) indices[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = int(i + 1);
        const tmp = indices[i] as number;
        indices[i] = indices[j] as number;
        indices[j] = tmp;
      }
      return indices;
    },
    fork() {
      return createRng(uint32());
    },
  };
}

/**
 * A seed derived from `seed` and a key, such as an epoch number or a purpose ('split',
 * 'augment'), so that independent uses of one user seed do not share a stream.
 * Pure: the same inputs always give the same seed, in [0, 2^32).
 */
export function deriveSeed(seed: number, key: number | string): number {
  if (!Number.isSafeInteger(seed)) {
    throw new ScenarioError('INVALID_ARGUMENT', `seed must be a safe integer, got ${seed}`);
  }
  const keyHash = typeof key === 'string' ? fnv1a(key) : foldSeed(key);
  return mix32(foldSeed(seed) ^ mix32(keyHash ^ 0x9e3779b9));
}

/** Folds a safe integer (possibly negative or above 2^32) into a well-mixed 32-bit state. */
function foldSeed(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return mix32(low ^ mix32(high + 0x632be5ab));
}

/** The 32-bit finaliser of MurmurHash3: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}
