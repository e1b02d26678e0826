import { ScenarioError } from '../errors.js';
import { type DecodeOptions, readFileBytes } from './file-bytes.js';
import type { NdArray, NdDtype, NumericArray } from './nd-array.js';
import { sizeOf } from './nd-array.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** NumPy type codes (the letter and size of a `descr` such as '<f4') and what they become. */
const DTYPES: Readonly<Record<string, NdDtype>> = {
  b1: 'bool',
  u1: 'uint8',
  i1: 'int8',
  u2: 'uint16',
  i2: 'int16',
  u4: 'uint32',
  i4: 'int32',
  u8: 'uint64',
  i8: 'int64',
  f4: 'float32',
  f8: 'float64',
};

/**
 * Reads a NumPy `.npy` file (format versions 1, 2 and 3).
 *
 * @throws ScenarioError DATA_NOT_FOUND when the file does not exist, DATA_CORRUPT when it is
 * not a valid NPY file or uses what is not supported (Fortran order, structured or object dtypes).
 */
export async function readNpyFile(path: string): Promise<NdArray> {
  return decodeNpy(await readFileBytes(path), { source: path });
}

/**
 * Decodes NPY bytes: magic, version, header length (2 bytes in v1, 4 in v2/v3, little-endian),
 * a Python dict literal with `descr`, `fortran_order` and `shape`, then the data in C order.
 *
 * Supported `descr`: bool `|b1`; integers `u1 i1 u2 i2 u4 i4 u8 i8`; floats `f4 f8`; each little-
 * (`<`), big- (`>`), native (`=`, taken as little) or not (`|`) endian. 64-bit integers become a
 * Float64Array and must lie within ±2^53.
 */
export function decodeNpy(bytes: Uint8Array, options: DecodeOptions = {}): NdArray {
  const source = options.source ?? '<buffer>';
  const corrupt = (reason: string) =>
    new ScenarioError('DATA_CORRUPT', `${source}: not a supported NPY file (${reason})`);
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) throw corrupt('missing the \\x93NUMPY magic');

  const major = bytes[6] as number;
  if (major < 1 || major > 3) throw corrupt(`unknown format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw corrupt('truncated header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (bytes.length < dataOffset) throw corrupt('truncated header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataOffset));

  const descr = /'descr'\s*:\s*'([<>|=])([a-zA-Z]\d+)'/.exec(header);
  if (!descr) throw corrupt(`no simple 'descr' in header ${header.trim()}`);
  const dtype = DTYPES[descr[2] as string];
  if (!dtype) throw corrupt(`dtype '${descr[1]}${descr[2]}' is not supported`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  if (!fortran) throw corrupt(`no 'fortran_order' in header`);
  if (fortran[1] === 'True') throw corrupt('fortran_order=True arrays are not supported; save with C order');
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) throw corrupt(`no 'shape' in header`);
  const shape = (shapeMatch[1] as string)
    .split(',')
    .map((dim) => dim.trim())
    .filter((dim) => dim !== '')
    .map((dim) => Number(dim.replace(/L$/, '')));
  if (shape.some((dim) => !Number.isSafeInteger(dim) || dim < 0)) throw corrupt(`bad shape (${shapeMatch[1]})`);

  const itemSize = Number((descr[2] as string).slice(1));
  const count = sizeOf(shape);
  const dataLength = bytes.length - dataOffset;
  if (dataLength !== count * itemSize) {
    throw corrupt(
      `shape (${shape.join(', ')}) of ${dtype} needs ${count * itemSize} data bytes, file has ${dataLength}`,
    );
  }
  const littleEndian = descr[1] !== '>';
  const data = readElements(view, { offset: dataOffset, count, dtype, littleEndian, source });
  return { data, shape, dtype };
}

interface ElementRange {
  offset: number;
  count: number;
  dtype: NdDtype;
  littleEndian: boolean;
  source: string;
}

function readElements(view: DataView, range: ElementRange): NumericArray {
  const { offset, count, dtype, littleEndian: le, source } = range;
  const start = view.byteOffset + offset;
  const fill = <T extends NumericArray>(out: T, size: number, get: (at: number) => number): T => {
    for (let i = 0; i < count; i++) out[i] = get(offset + size * i);
    return out;
  };
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(view.buffer.slice(start, start + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(start, start + count));
    case 'uint16':
      return fill(new Uint16Array(count), 2, (at) => view.getUint16(at, le));
    case 'int16':
      return fill(new Int16Array(count), 2, (at) => view.getInt16(at, le));
    case 'uint32':
      return fill(new Uint32Array(count), 4, (at) => view.getUint32(at, le));
    case 'int32':
      return fill(new Int32Array(count), 4, (at) => view.getInt32(at, le));
    case 'float32':
      return fill(new Float32Array(count), 4, (at) => view.getFloat32(at, le));
    case 'float64':
      return fill(new Float64Array(count), 8, (at) => view.getFloat64(at, le));
    case 'uint64':
    case 'int64':
      return fill(new Float64Array(count), 8, (at) => {
        const value = dtype === 'int64' ? view.getBigInt64(at, le) : view.getBigUint64(at, le);
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new ScenarioError(
            'DATA_CORRUPT',
            `${source}: ${dtype} value ${value} does not fit a JavaScript number`,
          );
        }
        return Number(value);
      });
  }
}
