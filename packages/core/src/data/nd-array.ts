/** The host arrays the readers return: one typed array per element type. */
export type NumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** Element types the readers understand (IDX uses a subset). */
export type NdDtype =
  | 'bool'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'uint64'
  | 'int64'
  | 'float32'
  | 'float64';

/**
 * An n-dimensional array in host memory, row-major (C order), as read from an IDX, NPY or
 * NPZ file. `data.length` is the product of `shape` (1 for a scalar, whose shape is []).
 */
export interface NdArray {
  data: NumericArray;
  shape: number[];
  /** The element type in the file; `bool` arrives as a Uint8Array, 64-bit integers as a Float64Array. */
  dtype: NdDtype;
}

/** The number of elements of an array of this shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}
