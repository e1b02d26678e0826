import { deflateRawSync } from 'node:zlib';
import { ScenarioError } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { displayPixels } from './display-pixels.js';
import { encodeDicom } from './encode-dicom.js';
import { isDicom, readDicom } from './read-dicom.js';
import { TRANSFER_SYNTAX } from './transfer-syntax.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ScenarioError ? error.code : `not a ScenarioError: ${String(error)}`;
  }
  return undefined;
}

describe('readDicom', () => {
  it('reads a 16-bit MONOCHROME2 frame with rescale and window', () => {
    const bytes = encodeDicom({
      rows: 2,
      columns: 3,
      pixels: [0, 100, 200, 300, 400, 4095],
      bitsStored: 12,
      rescaleSlope: 2,
      rescaleIntercept: -1024,
      windowCenter: -500,
      windowWidth: 400,
      modality: 'dx',
      bodyPartExamined: 'Chest',
    });
    const image = readDicom(bytes);
    expect(image).toMatchObject({
      rows: 2,
      columns: 3,
      photometricInterpretation: 'MONOCHROME2',
      bitsAllocated: 16,
      bitsStored: 12,
      window: { center: -500, width: 400 },
      modality: 'DX',
      bodyPartExamined: 'CHEST',
      transferSyntax: TRANSFER_SYNTAX.explicitLittle,
    });
    expect(Array.from(image.stored)).toEqual([0, 100, 200, 300, 400, 4095]);
    // Modality values stored x 2 - 1024: -1024, -824, -624, -424, -224, 7166.
    expect(image.rescale).toEqual({ slope: 2, intercept: -1024 });
    // Window c = -500, w = 400: low = -500.5 - 199.5 = -700, high = -301;
    // -624 -> ((-624 + 500.5) / 399 + 0.5) x 255 = 48.57 -> 49; -424 -> 176.4 -> 176.
    expect(Array.from(displayPixels(image))).toEqual([0, 0, 49, 176, 255, 255]);
  });

  it('inverts MONOCHROME1 and spans the full range without a window', () => {
    const image = readDicom(
      encodeDicom({
        rows: 1,
        columns: 3,
        pixels: [10, 20, 30],
        bitsAllocated: 8,
        photometricInterpretation: 'MONOCHROME1',
      }),
    );
    expect(image.window).toBeUndefined();
    // min 10 -> 0, max 30 -> 255, 20 -> 127.5 -> 128; then inverted.
    expect(Array.from(displayPixels(image))).toEqual([255, 127, 0]);
  });

  it('sign-extends signed stored values and masks unsigned ones to Bits Stored', () => {
    const signed = readDicom(
      encodeDicom({ rows: 1, columns: 3, pixels: [-1, -2048, 2047], bitsStored: 12, pixelRepresentation: 1 }),
    );
    expect(Array.from(signed.stored)).toEqual([-1, -2048, 2047]);
    // 0xF123 with 12 bits stored keeps 0x123 = 291 (the high bits may hold overlays).
    const masked = readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0xf123], bitsStored: 12 }));
    expect(Array.from(masked.stored)).toEqual([291]);
    const signed8 = readDicom(
      encodeDicom({ rows: 1, columns: 2, pixels: [-5, 100], bitsAllocated: 8, pixelRepresentation: 1 }),
    );
    expect(Array.from(signed8.stored)).toEqual([-5, 100]);
  });

  it('reads implicit VR little endian and deflated explicit VR little endian', () => {
    const implicit = readDicom(
      encodeDicom({ rows: 1, columns: 2, pixels: [7, 9], transferSyntax: TRANSFER_SYNTAX.implicitLittle }),
    );
    expect(Array.from(implicit.stored)).toEqual([7, 9]);
    // Deflated: the dataset after the file meta information is raw-deflated.
    const plain = encodeDicom({
      rows: 1,
      columns: 2,
      pixels: [300, 400],
      transferSyntax: TRANSFER_SYNTAX.deflatedExplicitLittle,
    });
    const metaEnd = 132 + 12 + new DataView(plain.buffer).getUint32(140, true);
    const deflated = Buffer.concat([plain.subarray(0, metaEnd), deflateRawSync(plain.subarray(metaEnd))]);
    expect(Array.from(readDicom(deflated).stored)).toEqual([300, 400]);
  });

  it('reads a frame from a buffer at an odd offset and a negative rescale slope', () => {
    const bytes = encodeDicom({ rows: 1, columns: 3, pixels: [0, 50, 100], rescaleSlope: -1, rescaleIntercept: 100 });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const image = readDicom(shifted.subarray(1));
    expect(Array.from(image.stored)).toEqual([0, 50, 100]);
    // Modality values 100, 50, 0: the full-range window shows the first pixel white, the last black.
    expect(Array.from(displayPixels(image))).toEqual([255, 128, 0]);
  });

  it('reads explicit VR big endian', () => {
    const image = readDicom(
      encodeDicom({
        rows: 1,
        columns: 3,
        pixels: [1, 258, 4095],
        bitsStored: 12,
        transferSyntax: TRANSFER_SYNTAX.explicitBig,
      }),
    );
    expect([image.rows, image.columns, image.bitsStored]).toEqual([1, 3, 12]);
    expect(Array.from(image.stored)).toEqual([1, 258, 4095]);
  });

  it('recognises the Part 10 signature', () => {
    expect(isDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0] }))).toBe(true);
    expect(isDicom(new Uint8Array(200))).toBe(false);
    expect(isDicom(Buffer.from('DICM'))).toBe(false);
  });

  it.each([
    ['bytes without the DICM signature', () => readDicom(new Uint8Array(300)), 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'JPEG baseline',
      () => readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0], transferSyntax: TRANSFER_SYNTAX.jpegBaseline })),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'JPEG 2000',
      () => readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0], transferSyntax: TRANSFER_SYNTAX.jpeg2000 })),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'RLE',
      () => readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0], transferSyntax: TRANSFER_SYNTAX.rle })),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'several frames',
      () => readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0, 1], numberOfFrames: 2 })),
      'UNPROCESSABLE',
    ],
    [
      'RGB',
      () =>
        readDicom(
          encodeDicom({ rows: 1, columns: 1, pixels: [0, 1, 2], samplesPerPixel: 3, photometricInterpretation: 'RGB' }),
        ),
      'UNPROCESSABLE',
    ],
    [
      'more pixels than allowed',
      () => readDicom(encodeDicom({ rows: 100, columns: 100, pixels: new Uint16Array(10_000) }), { maxPixels: 9_999 }),
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a zero rescale slope',
      () => readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [0], rescaleSlope: 0 })),
      'UNPROCESSABLE',
    ],
  ])('refuses %s', (_, read, code) => {
    expect(codeOf(read)).toBe(code);
  });

  it('refuses truncated files, explicit and implicit, wherever they are cut', () => {
    for (const transferSyntax of [TRANSFER_SYNTAX.explicitLittle, TRANSFER_SYNTAX.implicitLittle]) {
      const bytes = encodeDicom({ rows: 8, columns: 8, pixels: new Uint16Array(64).fill(500), transferSyntax });
      for (const cut of [140, 200, 300, bytes.length - 1, bytes.length - 64]) {
        const code = codeOf(() => readDicom(bytes.subarray(0, cut)));
        expect([`${transferSyntax} cut at ${cut}`, code]).toEqual([`${transferSyntax} cut at ${cut}`, 'UNPROCESSABLE']);
      }
    }
  });

  it('never puts patient attributes in its result or its error messages', () => {
    const patient = { name: 'Doe^Jane', id: 'PID-424242', birthDate: '19700101' };
    const image = readDicom(encodeDicom({ rows: 1, columns: 1, pixels: [1], patient }));
    const text = JSON.stringify({ ...image, stored: Array.from(image.stored) });
    for (const value of Object.values(patient)) expect(text).not.toContain(value);
    const broken = encodeDicom({ rows: 4, columns: 4, pixels: new Uint16Array(16), patient });
    try {
      readDicom(broken.subarray(0, broken.length - 3));
      expect.unreachable();
    } catch (error) {
      for (const value of Object.values(patient)) expect(String((error as Error).message)).not.toContain(value);
    }
  });
});
