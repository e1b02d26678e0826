import { inflateRawSync } from 'node:zlib';
import { ScenarioError } from '@scenarios/core';
import dicomParser, { type DataSet } from 'dicom-parser';
import { SUPPORTED_TRANSFER_SYNTAXES } from './transfer-syntax.js';

/**
 * One grayscale DICOM frame: its stored values and what turns them into modality values (the
 * rescale) and into a picture (the window). Holds no patient attributes: only the image and the
 * acquisition attributes that decide whether the model fits (modality, body part).
 */
export interface DicomImage {
  rows: number;
  columns: number;
  photometricInterpretation: 'MONOCHROME1' | 'MONOCHROME2';
  bitsAllocated: 8 | 16;
  bitsStored: number;
  /** Stored values, row-major, masked to Bits Stored (sign-extended when signed). */
  stored: Int32Array;
  /** Modality value = stored x slope + intercept (Rescale Slope and Intercept; 1 and 0 when absent). */
  rescale: { slope: number; intercept: number };
  /** The first Window Center / Width pair, in modality values, when the file has a valid one. */
  window: { center: number; width: number } | undefined;
  /** Modality (0008,0060), e.g. 'DX', 'CR', 'CT'; undefined when absent. */
  modality: string | undefined;
  /** Body Part Examined (0018,0015), upper-cased, e.g. 'CHEST'; undefined when absent. */
  bodyPartExamined: string | undefined;
  transferSyntax: string;
}

export interface ReadDicomOptions {
  /** Largest frame in pixels (rows x columns), checked before the pixels are read. Default 4096 x 4096. */
  maxPixels?: number;
}

/** Default largest frame: 4096 x 4096 pixels. */
export const DEFAULT_MAX_DICOM_PIXELS = 4096 * 4096;

/** True when the bytes have the Part 10 signature: a 128-byte preamble, then `DICM`. */
export function isDicom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

/**
 * Parses a DICOM Part 10 file with dicom-parser and reads its single grayscale frame.
 *
 * Errors (messages name attributes, never their patient-related values):
 * - UNSUPPORTED_MEDIA_TYPE: not a Part 10 file; a transfer syntax with compressed (encapsulated) pixels.
 * - PAYLOAD_TOO_LARGE: more than `maxPixels` pixels (checked from Rows and Columns).
 * - UNPROCESSABLE: truncated or damaged; several frames; not MONOCHROME1/2 with one sample per
 *   pixel; bits allocated other than 8 or 16; no or short pixel data; an unusable rescale.
 */
export function readDicom(bytes: Uint8Array, options: ReadDicomOptions = {}): DicomImage {
  if (!isDicom(bytes)) {
    throw new ScenarioError('UNSUPPORTED_MEDIA_TYPE', 'not a DICOM Part 10 file (no DICM signature at byte 128)');
  }
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_DICOM_PIXELS;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const transferSyntax = readTransferSyntax(buffer);
  const syntax = SUPPORTED_TRANSFER_SYNTAXES.get(transferSyntax);
  if (!syntax) {
    throw new ScenarioError(
      'UNSUPPORTED_MEDIA_TYPE',
      `transfer syntax ${transferSyntax} is not supported: send uncompressed pixels (explicit or implicit VR little endian)`,
      { details: { transfer_syntax: transferSyntax } },
    );
  }
  // An inflated dataset is bounded like the pixels it may hold, so a small deflate bomb cannot fill memory.
  const maxInflatedBytes = maxPixels * 2 + 16 * 1024 * 1024;
  const dataSet = parse(buffer, { maxInflatedBytes });
  checkElementBounds(dataSet);

  const frames = dataSet.intString('x00280008') ?? 1;
  if (frames !== 1) {
    throw new ScenarioError('UNPROCESSABLE', `multi-frame DICOM (${frames} frames): send a single-frame image`);
  }
  const samples = dataSet.uint16('x00280002') ?? 1;
  const photometric = dataSet.string('x00280004');
  if (samples !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) {
    throw new ScenarioError(
      'UNPROCESSABLE',
      `only grayscale images are read (MONOCHROME1 or MONOCHROME2, one sample per pixel); this one is ${photometric ?? 'without a photometric interpretation'} with ${samples} sample(s)`,
    );
  }
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  if (rows === 0 || columns === 0) throw new ScenarioError('UNPROCESSABLE', 'the DICOM image has no Rows or Columns');
  if (rows * columns > maxPixels) {
    throw new ScenarioError(
      'PAYLOAD_TOO_LARGE',
      `the DICOM image has ${columns}x${rows} pixels, more than the limit of ${maxPixels}`,
      { details: { rows, columns, maxPixels } },
    );
  }
  const bitsAllocated = dataSet.uint16('x00280100');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new ScenarioError('UNPROCESSABLE', `Bits Allocated ${bitsAllocated ?? 'missing'}: only 8 and 16 are read`);
  }
  const bitsStored = dataSet.uint16('x00280101') ?? bitsAllocated;
  const highBit = dataSet.uint16('x00280102') ?? bitsStored - 1;
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit !== bitsStored - 1) {
    throw new ScenarioError(
      'UNPROCESSABLE',
      `Bits Stored ${bitsStored} with High Bit ${highBit} does not fit Bits Allocated ${bitsAllocated}`,
    );
  }
  const signed = (dataSet.uint16('x00280103') ?? 0) === 1;
  const stored = storedValues(dataSet, {
    count: rows * columns,
    bitsAllocated,
    bitsStored,
    signed,
    littleEndian: syntax.littleEndian,
  });
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  if (!Number.isFinite(slope) || slope === 0 || !Number.isFinite(intercept)) {
    throw new ScenarioError('UNPROCESSABLE', 'Rescale Slope must be a non-zero number and Rescale Intercept a number');
  }
  const center = dataSet.floatString('x00281050');
  const width = dataSet.floatString('x00281051');
  return {
    rows,
    columns,
    photometricInterpretation: photometric,
    bitsAllocated,
    bitsStored,
    stored,
    rescale: { slope, intercept },
    window:
      center !== undefined && width !== undefined && Number.isFinite(center) && width >= 1
        ? { center, width }
        : undefined,
    modality: dataSet.string('x00080060')?.toUpperCase(),
    bodyPartExamined: dataSet.string('x00180015')?.toUpperCase(),
    transferSyntax,
  };
}

/** The transfer syntax UID of the file meta information, read before the dataset is parsed. */
function readTransferSyntax(buffer: Buffer): string {
  let meta: DataSet;
  try {
    meta = dicomParser.readPart10Header(buffer);
  } catch (error) {
    throw damaged(error);
  }
  const uid = meta.string('x00020010');
  if (!uid) throw new ScenarioError('UNPROCESSABLE', 'the DICOM file meta information has no Transfer Syntax UID');
  return uid.replace(/\0/g, '').trim();
}

function parse(buffer: Buffer, limits: { maxInflatedBytes: number }): DataSet {
  try {
    return dicomParser.parseDicom(buffer, {
      // dicom-parser parses what the inflater returns from offset 0, so it gets the inflated dataset
      // alone (prefixing the header, as its documentation says, would parse the preamble as elements).
      inflater: (array: Uint8Array, position: number) =>
        inflateRawSync(array.subarray(position), { maxOutputLength: limits.maxInflatedBytes }),
    } as dicomParser.ParseDicomOptions);
  } catch (error) {
    throw damaged(error);
  }
}

/**
 * dicom-parser does not check element lengths against the end of an implicit VR dataset. The file
 * meta information (group 0002) is skipped: it was checked by readPart10Header, and after inflating
 * its offsets refer to the original bytes.
 */
function checkElementBounds(dataSet: DataSet): void {
  for (const element of Object.values(dataSet.elements)) {
    if (element.tag.startsWith('x0002')) continue;
    if (element.dataOffset + Math.max(element.length, 0) > dataSet.byteArray.length) {
      throw new ScenarioError('UNPROCESSABLE', 'the DICOM file is truncated: an element runs past the end of the data');
    }
  }
}

interface PixelLayout {
  count: number;
  bitsAllocated: 8 | 16;
  bitsStored: number;
  signed: boolean;
  littleEndian: boolean;
}

/** The stored pixel values: masked to Bits Stored, sign-extended when Pixel Representation is 1. */
function storedValues(dataSet: DataSet, layout: PixelLayout): Int32Array {
  const element = dataSet.elements.x7fe00010;
  if (!element) throw new ScenarioError('UNPROCESSABLE', 'the DICOM file has no Pixel Data');
  if (element.encapsulatedPixelData) {
    throw new ScenarioError('UNSUPPORTED_MEDIA_TYPE', 'the DICOM pixel data is encapsulated (compressed)');
  }
  const { count, bitsAllocated, bitsStored, signed, littleEndian } = layout;
  const needed = count * (bitsAllocated / 8);
  if (element.length < needed) {
    throw new ScenarioError(
      'UNPROCESSABLE',
      `the DICOM pixel data is truncated: ${element.length} bytes for ${count} pixels of ${bitsAllocated} bits`,
    );
  }
  const { byteArray } = dataSet;
  const start = byteArray.byteOffset + element.dataOffset;
  const out = new Int32Array(count);
  if (bitsAllocated === 8) {
    out.set(new Uint8Array(byteArray.buffer, start, count));
  } else if (littleEndian) {
    // A Uint16Array view needs an even offset; a misaligned one is copied first.
    const aligned = start % 2 === 0 ? byteArray.buffer : byteArray.buffer.slice(start, start + needed);
    out.set(new Uint16Array(aligned, start % 2 === 0 ? start : 0, count));
  } else {
    const view = new DataView(byteArray.buffer, start, needed);
    for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, false);
  }
  if (!signed && bitsStored === bitsAllocated) return out;
  const mask = 2 ** bitsStored - 1;
  const shift = 32 - bitsStored;
  for (let i = 0; i < count; i++) {
    const value = (out[i] as number) & mask;
    out[i] = signed ? (value << shift) >> shift : value;
  }
  return out;
}

function damaged(error: unknown): ScenarioError {
  const inner = (error as { exception?: unknown } | undefined)?.exception ?? error;
  const reason = inner instanceof Error ? inner.message : String(inner);
  const truncated = /past end|overrun|overread|beyond|buffer|maxOutputLength|unexpected end/i.test(reason);
  return new ScenarioError(
    'UNPROCESSABLE',
    truncated
      ? 'the DICOM file is truncated or damaged'
      : `the DICOM file could not be parsed: ${reason.replace(/^dicomParser[.:]\w*:?\s*/, '')}`,
    { cause: error },
  );
}
