import { ScenarioError } from '../errors.js';

/** Options every classifier builder accepts. */
export interface ClassifierOptions {
  /** Shape of one input example, without the batch dimension. Default `[28, 28, 1]` (Fashion-MNIST). */
  inputShape?: readonly number[];
  /** Number of classes of the softmax output, at least 2. Default 10. */
  numClasses?: number;
  /**
   * Seed of the weight initialisers: the same seed builds the same initial weights on every
   * backend. Dropout is not seeded here (a fixed dropout seed would repeat one mask on every
   * step); `train()` seeds it per batch from its own seed. Default 0.
   */
  seed?: number;
}

/** The defaults shared by the image classifiers. */
export const DEFAULT_INPUT_SHAPE: readonly number[] = Object.freeze([28, 28, 1]);
export const DEFAULT_NUM_CLASSES = 10;
export const DEFAULT_SEED = 0;

/** `ClassifierOptions` with defaults applied and values checked. */
export interface ResolvedClassifierOptions {
  inputShape: number[];
  numClasses: number;
  seed: number;
}

/** Applies the defaults of `ClassifierOptions` and checks the values. */
export function resolveClassifierOptions(options: ClassifierOptions): ResolvedClassifierOptions {
  const inputShape = [...(options.inputShape ?? DEFAULT_INPUT_SHAPE)];
  if (inputShape.length === 0) invalid('inputShape must have at least one dimension');
  inputShape.forEach((size, i) => {
    checkPositiveInt(`inputShape[${i}]`, size);
  });
  const numClasses = options.numClasses ?? DEFAULT_NUM_CLASSES;
  checkPositiveInt('numClasses', numClasses);
  if (numClasses < 2) invalid(`numClasses must be at least 2, got ${numClasses}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) invalid(`seed must be an integer, got ${seed}`);
  return { inputShape, numClasses, seed };
}

export function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) invalid(`${name} must be a positive integer, got ${value}`);
}

/** A dropout rate: 0 (no dropout) up to, but not including, 1. */
export function checkRate(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) invalid(`${name} must be in [0, 1), got ${value}`);
}

/**
 * Successive seeds for the initialisers of one model, so that two layers of the same shape
 * do not start with the same weights.
 */
export function seedSequence(seed: number): () => number {
  let next = seed;
  return () => next++;
}

function invalid(message: string): never {
  throw new ScenarioError('INVALID_ARGUMENT', message);
}
