import { gzipSync } from 'node:zlib';
import { ScenarioError } from '../errors.js';
import { IDX_ITEM_SIZES, IDX_TYPE_BYTES, type IdxDtype } from './idx-format.js';
import { type NumericArray, sizeOf } from './nd-array.js';

export interface IdxArray {
  data: NumericArray;
  shape: readonly number[];
  dtype: IdxDtype;
}

/**
 * Encodes an array as IDX bytes (big-endian), gzip-compressed when `gzip` is true
 * (default false). The gzip output carries no timestamp, so equal input gives equal bytes.
 */
export function encodeIdx(array: IdxArray, options: { gzip?: boolean } = {}): Uint8Array {
  const { data, shape, dtype } = array;
  if (shape.length > 255) throw new ScenarioError('INVALID_ARGUMENT', `IDX allows at most 255 dimensions`);
  if (sizeOf(shape) !== data.length) {
    throw new ScenarioError('INVALID_ARGUMENT', `shape [${shape.join(', ')}] does not match ${data.length} values`);
  }
  const headerSize = 4 + 4 * shape.length;
  const out = new Uint8Array(headerSize + data.length * IDX_ITEM_SIZES[dtype]);
  const view = new DataView(out.buffer);
  out[2] = IDX_TYPE_BYTES[dtype];
  out[3] = shape.length;
  shape.forEach((dim, axis) => {
    view.setUint32(4 + 4 * axis, dim, false);
  });
  const write = writerOf(view, dtype);
  for (let i = 0; i < data.length; i++) write(headerSize + i * IDX_ITEM_SIZES[dtype], data[i] as number);
  return options.gzip ? gzipSync(out, { level: 9 }) : out;
}

function writerOf(view: DataView, dtype: IdxDtype): (offset: number, value: number) => void {
  switch (dtype) {
    case 'uint8':
      return (offset, value) => view.setUint8(offset, value);
    case 'int8':
      return (offset, value) => view.setInt8(offset, value);
    case 'int16':
      return (offset, value) => view.setInt16(offset, value, false);
    case 'int32':
      return (offset, value) => view.setInt32(offset, value, false);
    case 'float32':
      return (offset, value) => view.setFloat32(offset, value, false);
    case 'float64':
      return (offset, value) => view.setFloat64(offset, value, false);
  }
}
