import { randomUUID } from 'node:crypto';
import { TRANSFER_SYNTAX } from './transfer-syntax.js';

/** What `encodeDicom` writes: one grayscale frame and the attributes that describe it. */
export interface DicomImageSpec {
  rows: number;
  columns: number;
  /** Stored values, row-major; their count is rows x columns (x frames). */
  pixels: ArrayLike<number>;
  /** 8 or 16. Default 16. */
  bitsAllocated?: 8 | 16;
  /** Default: bitsAllocated. */
  bitsStored?: number;
  /** 0 unsigned, 1 two's complement. Default 0. */
  pixelRepresentation?: 0 | 1;
  /** Default 'MONOCHROME2'. */
  photometricInterpretation?: string;
  /** Default 1. */
  samplesPerPixel?: number;
  /** Written as Number of Frames when given. */
  numberOfFrames?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  windowCenter?: number;
  windowWidth?: number;
  /** Default 'DX'. */
  modality?: string;
  bodyPartExamined?: string;
  /** Patient Name (PN), Patient ID (LO) and Patient's Birth Date (DA, YYYYMMDD), when given. */
  patient?: { name?: string; id?: string; birthDate?: string };
  /** Default explicit VR little endian. Implicit VR and explicit VR big endian datasets are written as such. */
  transferSyntax?: string;
}

/** Digital X-Ray Image Storage - For Presentation. */
const DX_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.1.1';
/** An implementation class UID under the 2.25 (UUID) root, as PS3.5 B.2 allows. */
const IMPLEMENTATION_CLASS_UID = '2.25.187135438723542897512740317563145209133';

/** VRs whose explicit encoding has two reserved bytes and a 4-byte length. */
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

interface Element {
  group: number;
  element: number;
  vr: string;
  value: Uint8Array;
}

/**
 * Encodes a DICOM Part 10 file: a 128-byte preamble, `DICM`, the file meta information (group
 * 0002, explicit VR little endian) and a dataset of one grayscale image with the given attributes.
 * A minimal writer for making test and benchmark inputs: it writes no sequences and no
 * compressed pixel data (a compressed transfer syntax UID is written as given, over plain data).
 *
 * @example
 * const bytes = encodeDicom({ rows: 2, columns: 2, pixels: [0, 100, 200, 4095], bitsStored: 12 });
 */
export function encodeDicom(spec: DicomImageSpec): Uint8Array {
  const transferSyntax = spec.transferSyntax ?? TRANSFER_SYNTAX.explicitLittle;
  const sopInstance = `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
  const meta = [
    el(0x0002, 0x0001, 'OB', Uint8Array.of(0, 1)),
    el(0x0002, 0x0002, 'UI', ascii(DX_IMAGE_STORAGE)),
    el(0x0002, 0x0003, 'UI', ascii(sopInstance)),
    el(0x0002, 0x0010, 'UI', ascii(transferSyntax)),
    el(0x0002, 0x0012, 'UI', ascii(IMPLEMENTATION_CLASS_UID)),
  ];
  const metaBody = concat(meta.map((e) => encodeElement(e, true)));
  const groupLength = encodeElement(el(0x0002, 0x0000, 'UL', u32(metaBody.length)), true);
  const explicit = transferSyntax !== TRANSFER_SYNTAX.implicitLittle;
  const little = transferSyntax !== TRANSFER_SYNTAX.explicitBig;
  const dataset = concat(
    datasetElements(spec, { sopInstance, little })
      .sort((a, b) => a.group - b.group || a.element - b.element)
      .map((e) => encodeElement(e, explicit, little)),
  );
  const preamble = new Uint8Array(132);
  preamble.set(new TextEncoder().encode('DICM'), 128);
  return concat([preamble, groupLength, metaBody, dataset]);
}

function datasetElements(spec: DicomImageSpec, options: { sopInstance: string; little: boolean }): Element[] {
  const { sopInstance, little } = options;
  const bitsAllocated = spec.bitsAllocated ?? 16;
  const bitsStored = spec.bitsStored ?? bitsAllocated;
  const elements = [
    el(0x0008, 0x0016, 'UI', ascii(DX_IMAGE_STORAGE)),
    el(0x0008, 0x0018, 'UI', ascii(sopInstance)),
    el(0x0008, 0x0060, 'CS', ascii(spec.modality ?? 'DX')),
    el(0x0028, 0x0002, 'US', u16(spec.samplesPerPixel ?? 1, little)),
    el(0x0028, 0x0004, 'CS', ascii(spec.photometricInterpretation ?? 'MONOCHROME2')),
    el(0x0028, 0x0010, 'US', u16(spec.rows, little)),
    el(0x0028, 0x0011, 'US', u16(spec.columns, little)),
    el(0x0028, 0x0100, 'US', u16(bitsAllocated, little)),
    el(0x0028, 0x0101, 'US', u16(bitsStored, little)),
    el(0x0028, 0x0102, 'US', u16(bitsStored - 1, little)),
    el(0x0028, 0x0103, 'US', u16(spec.pixelRepresentation ?? 0, little)),
    el(0x7fe0, 0x0010, bitsAllocated === 8 ? 'OB' : 'OW', pixelBytes(spec.pixels, { bitsAllocated, little })),
  ];
  const optional: [number, number, string, Uint8Array | undefined][] = [
    [0x0010, 0x0010, 'PN', spec.patient?.name === undefined ? undefined : ascii(spec.patient.name)],
    [0x0010, 0x0020, 'LO', spec.patient?.id === undefined ? undefined : ascii(spec.patient.id)],
    [0x0010, 0x0030, 'DA', spec.patient?.birthDate === undefined ? undefined : ascii(spec.patient.birthDate)],
    [0x0018, 0x0015, 'CS', spec.bodyPartExamined === undefined ? undefined : ascii(spec.bodyPartExamined)],
    [0x0028, 0x0008, 'IS', spec.numberOfFrames === undefined ? undefined : ascii(String(spec.numberOfFrames))],
    [0x0028, 0x1050, 'DS', spec.windowCenter === undefined ? undefined : ascii(String(spec.windowCenter))],
    [0x0028, 0x1051, 'DS', spec.windowWidth === undefined ? undefined : ascii(String(spec.windowWidth))],
    [0x0028, 0x1052, 'DS', spec.rescaleIntercept === undefined ? undefined : ascii(String(spec.rescaleIntercept))],
    [0x0028, 0x1053, 'DS', spec.rescaleSlope === undefined ? undefined : ascii(String(spec.rescaleSlope))],
  ];
  for (const [group, element, vr, value] of optional) {
    if (value !== undefined) elements.push(el(group, element, vr, value));
  }
  return elements;
}

function el(group: number, element: number, vr: string, value: Uint8Array): Element {
  return { group, element, vr, value };
}

/** Tag, (VR and) length, value; values are padded to an even length as PS3.5 7.1 requires. */
function encodeElement(e: Element, explicit: boolean, little = true): Uint8Array {
  const padded = e.value.length % 2 === 0 ? e.value : concat([e.value, Uint8Array.of(e.vr === 'UI' ? 0 : 0x20)]);
  const long = LONG_VRS.has(e.vr);
  // Tag, then: a 4-byte length (implicit); VR and a 2-byte length; or VR, 2 reserved bytes and a 4-byte length.
  const headerLength = explicit && long ? 12 : 8;
  const out = new Uint8Array(headerLength + padded.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, e.group, little);
  view.setUint16(2, e.element, little);
  if (!explicit) {
    view.setUint32(4, padded.length, little);
  } else {
    out.set(new TextEncoder().encode(e.vr), 4);
    if (long) view.setUint32(8, padded.length, little);
    else view.setUint16(6, padded.length, little);
  }
  out.set(padded, headerLength);
  return out;
}

function pixelBytes(pixels: ArrayLike<number>, layout: { bitsAllocated: 8 | 16; little: boolean }): Uint8Array {
  const { bitsAllocated, little } = layout;
  const out = new Uint8Array(pixels.length * (bitsAllocated / 8));
  const view = new DataView(out.buffer);
  for (let i = 0; i < pixels.length; i++) {
    // Masking keeps the low bits, which is the two's complement of a negative value.
    if (bitsAllocated === 8) out[i] = (pixels[i] as number) & 0xff;
    else view.setUint16(2 * i, (pixels[i] as number) & 0xffff, little);
  }
  return out;
}

const ascii = (value: string) => new TextEncoder().encode(value);

function u16(value: number, little: boolean): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, value, little);
  return out;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
