import { ScenarioError } from '../errors.js';
import { type DecodeOptions, gunzipIfNeeded, readFileBytes } from './file-bytes.js';
import { IDX_ITEM_SIZES, type IdxDtype, idxDtypeOf } from './idx-format.js';
import { type NdArray, type NumericArray, sizeOf } from './nd-array.js';

/**
 * Reads an IDX file (the MNIST / Fashion-MNIST format), raw or gzip-compressed (detected by
 * its magic bytes, not its name).
 *
 * @throws ScenarioError DATA_NOT_FOUND when the file does not exist, DATA_CORRUPT when its
 * header is invalid or its size does not match the header.
 */
export async function readIdxFile(path: string): Promise<NdArray> {
  return decodeIdx(await readFileBytes(path), { source: path });
}

/**
 * Decodes IDX bytes: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32,
 * 0x0d float32, 0x0e float64), the number of dimensions, then each dimension and the data,
 * all big-endian. Gzip input is decompressed first.
 */
export function decodeIdx(bytes: Uint8Array, options: DecodeOptions = {}): NdArray {
  const source = options.source ?? '<buffer>';
  const raw = gunzipIfNeeded(bytes, source);
  const corrupt = (reason: string) => new ScenarioError('DATA_CORRUPT', `${source}: not a valid IDX file (${reason})`);
  if (raw.length < 4) throw corrupt(`only ${raw.length} bytes`);
  if (raw[0] !== 0 || raw[1] !== 0) throw corrupt('the magic number does not start with two zero bytes');
  const dtype = idxDtypeOf(raw[2] as number);
  if (dtype === undefined) throw corrupt(`unknown type byte 0x${(raw[2] as number).toString(16)}`);
  const rank = raw[3] as number;
  const headerSize = 4 + 4 * rank;
  if (raw.length < headerSize) throw corrupt(`header declares ${rank} dimensions but the file has ${raw.length} bytes`);

  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++) shape.push(view.getUint32(4 + 4 * axis, false));
  const expected = headerSize + sizeOf(shape) * IDX_ITEM_SIZES[dtype];
  if (raw.length !== expected) {
    throw corrupt(
      `header says shape [${shape.join(', ')}] of ${dtype} (${expected} bytes), file has ${raw.length} bytes`,
    );
  }
  return { data: readBigEndian(view, { offset: headerSize, count: sizeOf(shape), dtype }), shape, dtype };
}

function readBigEndian(view: DataView, at: { offset: number; count: number; dtype: IdxDtype }): NumericArray {
  const { offset, count, dtype } = at;
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(start, start + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(start, start + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
