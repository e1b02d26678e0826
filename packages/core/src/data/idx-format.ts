import type { NdDtype } from './nd-array.js';

/** The element types of the IDX format (LeCun's MNIST files), keyed by their type byte. */
export type IdxDtype = Extract<NdDtype, 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'>;

export const IDX_TYPE_BYTES: Readonly<Record<IdxDtype, number>> = {
  uint8: 0x08,
  int8: 0x09,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
};

export const IDX_ITEM_SIZES: Readonly<Record<IdxDtype, number>> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};

/** The IDX dtype of a type byte, or undefined for an unknown byte. */
export function idxDtypeOf(typeByte: number): IdxDtype | undefined {
  return (Object.keys(IDX_TYPE_BYTES) as IdxDtype[]).find((dtype) => IDX_TYPE_BYTES[dtype] === typeByte);
}
