import * as zlib from 'node:zlib';
import type { ImageShape } from './image-decode.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary chunks that do not change the decoded pixels (text, timestamps, density, sRGB intent, background). */
const HARMLESS_CHUNKS = new Set(['pHYs', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'sRGB', 'bKGD']);
/** PNG colour type of each channel count the models take: grayscale, and RGB. */
const COLOUR_TYPE = { 1: 0, 3: 2 } as const;

// zlib.crc32 arrived in Node 20.15; without it every PNG goes through sharp.
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export interface ReadyPngOptions {
  shape: ImageShape;
  maxInputPixels: number;
}

/**
 * The pixels of a PNG that needs no conversion to be the model's input: 8-bit, not interlaced,
 * already `shape`'s size, grayscale for one channel or RGB for three, and no chunk that would
 * change its pixels (palette, transparency, ICC profile, gamma, EXIF orientation, ...). For such
 * a file sharp's pipeline (rotate, remove alpha, resize to the same size, colourspace) changes
 * nothing, so the pixels are its inflated rows, unfiltered: a few tens of microseconds where a
 * sharp pipeline costs several hundred, which is what a server classifying 28x28 PNGs spends
 * most on per request. Anything else returns undefined and goes through sharp, which also reports
 * what is wrong with a damaged file (a chunk CRC that does not match, a truncated stream, ...).
 */
export function decodeReadyPng(bytes: Uint8Array, options: ReadyPngOptions): Uint8Array | undefined {
  const { shape } = options;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!crc32 || buffer.length < SIGNATURE.length || !buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    return undefined;
  }
  const chunks = readChunks(buffer);
  const header = chunks?.header;
  if (!chunks || !header || header.length !== 13) return undefined;
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  const [depth, colourType, compression, filter, interlace] = header.subarray(8, 13);
  const ready =
    width === shape.width &&
    height === shape.height &&
    width * height <= options.maxInputPixels &&
    depth === 8 &&
    colourType === COLOUR_TYPE[shape.channels] &&
    compression === 0 &&
    filter === 0 &&
    interlace === 0;
  if (!ready) return undefined;
  let rows: Buffer;
  try {
    rows = zlib.inflateSync(chunks.data.length === 1 ? (chunks.data[0] as Buffer) : Buffer.concat(chunks.data));
  } catch {
    return undefined;
  }
  return unfilter(rows, { width, height, channels: shape.channels });
}

/** IHDR and the IDAT data, or undefined when a chunk is cut, fails its CRC or may change the pixels. */
function readChunks(buffer: Buffer): { header: Buffer | undefined; data: Buffer[] } | undefined {
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  for (let at = SIGNATURE.length; at + 12 <= buffer.length; ) {
    const length = buffer.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > buffer.length) return undefined;
    if (
      (crc32 as (data: Uint8Array) => number)(buffer.subarray(at + 4, at + 8 + length)) !== buffer.readUInt32BE(end - 4)
    ) {
      return undefined;
    }
    const type = buffer.toString('latin1', at + 4, at + 8);
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (type === 'IEND') return { header, data };
    if (type === 'IHDR') header = body;
    else if (type === 'IDAT') data.push(body);
    else if (!HARMLESS_CHUNKS.has(type)) return undefined;
    at = end;
  }
  // No IEND: a truncated file.
  return undefined;
}

/** Undoes the per-row filters of 8-bit, non-interlaced image data (PNG spec, section 9). */
function unfilter(rows: Buffer, image: { width: number; height: number; channels: number }): Uint8Array | undefined {
  const { width, height, channels } = image;
  const stride = width * channels;
  if (rows.length !== height * (stride + 1)) return undefined;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)];
    const from = y * (stride + 1) + 1;
    const to = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? (out[to + x - channels] as number) : 0;
      const up = y > 0 ? (out[to - stride + x] as number) : 0;
      const upLeft = x >= channels && y > 0 ? (out[to - stride + x - channels] as number) : 0;
      const raw = rows[from + x] as number;
      let value: number;
      if (filter === 0) value = raw;
      else if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) value = raw + paeth(left, up, upLeft);
      else return undefined;
      out[to + x] = value & 0xff;
    }
  }
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [a, b, c] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  if (a <= b && a <= c) return left;
  return b <= c ? up : upLeft;
}
