import { zipSync } from 'fflate';
import { ScenarioError } from '../errors.js';
import { type NdArray, type NdDtype, sizeOf } from './nd-array.js';

/** The NumPy `descr` and item size of each element type, little-endian as numpy writes on x86. */
const DESCR: Readonly<Record<NdDtype, { descr: string; size: number }>> = {
  bool: { descr: '|b1', size: 1 },
  uint8: { descr: '|u1', size: 1 },
  int8: { descr: '|i1', size: 1 },
  uint16: { descr: '<u2', size: 2 },
  int16: { descr: '<i2', size: 2 },
  uint32: { descr: '<u4', size: 4 },
  int32: { descr: '<i4', size: 4 },
  uint64: { descr: '<u8', size: 8 },
  int64: { descr: '<i8', size: 8 },
  float32: { descr: '<f4', size: 4 },
  float64: { descr: '<f8', size: 8 },
};

/**
 * Encodes an array as NPY bytes (format version 1.0, C order), as `np.save` writes them: the
 * magic, the header dict padded with spaces to a multiple of 64 bytes, then the elements
 * little-endian. 64-bit integers must be safe integers. `decodeNpy` reads the result back.
 *
 * @example encodeNpy({ data: Uint8Array.of(1, 2), shape: [2], dtype: 'uint8' }) // 130 bytes
 */
export function encodeNpy(array: NdArray): Uint8Array {
  const { data, shape, dtype } = array;
  const spec = DESCR[dtype];
  if (!spec) throw new ScenarioError('INVALID_ARGUMENT', `cannot encode dtype ${String(dtype)} as NPY`);
  if (shape.some((dim) => !Number.isSafeInteger(dim) || dim < 0) || sizeOf(shape) !== data.length) {
    throw new ScenarioError('INVALID_ARGUMENT', `shape [${shape.join(', ')}] does not match ${data.length} values`);
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = new TextEncoder().encode(`{'descr': '${spec.descr}', 'fortran_order': False, 'shape': (${dims}), }`);
  // magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
  const headerLength = dict.length + 1 + ((64 - ((10 + dict.length + 1) % 64)) % 64);
  if (headerLength > 0xffff) throw new ScenarioError('INVALID_ARGUMENT', 'NPY header too long for format 1.0');
  const offset = 10 + headerLength;
  const out = new Uint8Array(offset + data.length * spec.size);
  const view = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  view.setUint16(8, headerLength, true);
  out.set(dict, 10);
  out.fill(0x20, 10 + dict.length, offset - 1);
  out[offset - 1] = 0x0a;
  const write = writerOf(view, dtype);
  for (let i = 0; i < data.length; i++) write(offset + i * spec.size, data[i] as number);
  return out;
}

/**
 * Encodes named arrays as an NPZ file (a zip of `<name>.npy`), deflated as by
 * `np.savez_compressed` unless `compress` is false (`np.savez`). `decodeNpz` reads it back.
 */
export function encodeNpz(
  arrays: ReadonlyMap<string, NdArray> | Readonly<Record<string, NdArray>>,
  options: { compress?: boolean } = {},
): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays.entries()] : Object.entries(arrays);
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of entries) {
    if (!/^[^/\\\0]+$/.test(name))
      throw new ScenarioError('INVALID_ARGUMENT', `bad array name ${JSON.stringify(name)}`);
    files[`${name}.npy`] = encodeNpy(array);
  }
  // A fixed modification time keeps the bytes of equal input equal.
  return zipSync(files, { level: options.compress === false ? 0 : 6, mtime: new Date('1980-01-01T00:00:00Z') });
}

function writerOf(view: DataView, dtype: NdDtype): (offset: number, value: number) => void {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return (offset, value) => view.setUint8(offset, value);
    case 'int8':
      return (offset, value) => view.setInt8(offset, value);
    case 'uint16':
      return (offset, value) => view.setUint16(offset, value, true);
    case 'int16':
      return (offset, value) => view.setInt16(offset, value, true);
    case 'uint32':
      return (offset, value) => view.setUint32(offset, value, true);
    case 'int32':
      return (offset, value) => view.setInt32(offset, value, true);
    case 'float32':
      return (offset, value) => view.setFloat32(offset, value, true);
    case 'float64':
      return (offset, value) => view.setFloat64(offset, value, true);
    case 'uint64':
    case 'int64':
      return (offset, value) => {
        if (!Number.isSafeInteger(value) || (dtype === 'uint64' && value < 0)) {
          throw new ScenarioError('INVALID_ARGUMENT', `${value} is not a valid ${dtype} value`);
        }
        if (dtype === 'int64') view.setBigInt64(offset, BigInt(value), true);
        else view.setBigUint64(offset, BigInt(value), true);
      };
  }
}
