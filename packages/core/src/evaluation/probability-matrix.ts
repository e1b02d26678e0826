/**
 * Helpers for class-probability matrices stored row-major in a flat array, the layout
 * `tensor.dataSync()` returns for a `[n, numClasses]` tensor.
 */
import { finiteValues, invalidArgument, requireNumClasses } from './validate.js';

/**
 * Index of the largest value in each row of a row-major `[n, numClasses]` matrix.
 * Ties go to the lowest index, as `numpy.argmax` does.
 *
 * @example argmax([0.1, 0.9, 0.7, 0.3], 2) // Int32Array [1, 0]
 */
export function argmax(probabilities: ArrayLike<number>, numClasses: number): Int32Array {
  requireNumClasses(numClasses);
  const values = finiteValues('probabilities', probabilities);
  if (values.length % numClasses !== 0) {
    throw invalidArgument(`probabilities has ${values.length} values, not a multiple of numClasses=${numClasses}`);
  }
  const rows = values.length / numClasses;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * numClasses;
    let best = 0;
    for (let c = 1; c < numClasses; c++) {
      if ((values[base + c] as number) > (values[base + best] as number)) best = c;
    }
    out[r] = best;
  }
  return out;
}

/** Column `c` of a row-major matrix with `columns` columns. */
export function matrixColumn(values: readonly number[], columns: number, c: number): number[] {
  const rows = values.length / columns;
  return Array.from({ length: rows }, (_, r) => values[r * columns + c] as number);
}

/**
 * Scores of the positive class (label 1) of a binary problem: the values themselves when
 * there is one per row, the second column when there are two.
 */
export function positiveClassScores(values: readonly number[], columns: number): number[] {
  if (columns === 1) return [...values];
  if (columns === 2) return matrixColumn(values, 2, 1);
  throw invalidArgument(`expected binary scores (1 or 2 columns), got ${columns} columns`);
}
