/**
 * Input checks shared by the metric functions. Every failure is a
 * `ScenarioError('INVALID_ARGUMENT')` whose message names the offending argument.
 */
import { ScenarioError } from '../errors.js';

export function invalidArgument(message: string, details?: Record<string, unknown>): ScenarioError {
  return new ScenarioError('INVALID_ARGUMENT', message, details === undefined ? {} : { details });
}

/** Copies `values` into a plain array after checking it is non-empty and every entry is finite. */
export function finiteValues(name: string, values: ArrayLike<number>): number[] {
  if (values.length === 0) throw invalidArgument(`${name} is empty`);
  const out = Array.from(values);
  const bad = out.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw invalidArgument(`${name}[${bad}] is ${String(out[bad])}, expected a finite number`);
  return out;
}

/** Like `finiteValues`, and every entry must lie in [0, 1]. */
export function probabilityValues(name: string, values: ArrayLike<number>): number[] {
  const out = finiteValues(name, values);
  const bad = out.findIndex((v) => v < 0 || v > 1);
  if (bad >= 0) throw invalidArgument(`${name}[${bad}] is ${out[bad]}, expected a probability in [0, 1]`);
  return out;
}

/**
 * Copies class labels after checking they are non-negative integers, below `numClasses` when given.
 */
export function classLabels(name: string, values: ArrayLike<number>, numClasses?: number): number[] {
  if (values.length === 0) throw invalidArgument(`${name} is empty`);
  const out = Array.from(values);
  const bad = out.findIndex((v) => !Number.isInteger(v) || v < 0 || (numClasses !== undefined && v >= numClasses));
  if (bad >= 0) {
    const range = numClasses === undefined ? 'a non-negative integer' : `an integer in [0, ${numClasses - 1}]`;
    throw invalidArgument(`${name}[${bad}] is ${String(out[bad])}, expected ${range}`);
  }
  return out;
}

/** Copies labels of a binary problem after checking each is 0 or 1. */
export function binaryLabels(name: string, values: ArrayLike<number>): number[] {
  return classLabels(name, values, 2);
}

export function requireSameLength(a: { name: string; length: number }, b: { name: string; length: number }): void {
  if (a.length !== b.length) {
    throw invalidArgument(`${a.name} has ${a.length} entries but ${b.name} has ${b.length}`);
  }
}

/** Checks a class count: an integer >= 1 (callers needing 2 or more say so themselves). */
export function requireNumClasses(numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw invalidArgument(`numClasses must be a positive integer, got ${numClasses}`);
  }
}

/** Checks a cut-off `k`: an integer >= 1. */
export function requireK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw invalidArgument(`k must be an integer >= 1, got ${k}`);
}

/**
 * Number of columns of a row-major matrix of `length` values holding `rows` rows;
 * the length must be a whole multiple of the row count.
 */
export function matrixColumns(name: string, length: number, rows: number): number {
  if (length === 0 || length % rows !== 0) {
    throw invalidArgument(
      `${name} has ${length} values, expected ${rows} scores or a row-major ${rows} x k matrix (one row per label)`,
    );
  }
  return length / rows;
}
