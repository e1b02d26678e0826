import { ScenarioError } from '@scenarios/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeDicom } from '../dicom/encode-dicom.js';
import { flatDicom, greyImage } from '../test-support/images.js';
import { decodeInput } from './decode-input.js';

const gray28 = { height: 28, width: 28, channels: 1 as const };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof ScenarioError ? error.code : String(error);
  }
  return undefined;
}

describe('decodeInput', () => {
  it('decodes PNG and JPEG to the model shape, grayscale', async () => {
    const png = await decodeInput(await greyImage({ level: 200, format: 'png', width: 50, height: 40 }), {
      shape: gray28,
    });
    expect(png.format).toBe('png');
    expect(png.pixels).toHaveLength(784);
    expect(new Set(png.pixels)).toEqual(new Set([200]));
    expect(png.acquisition).toBeUndefined();
    const jpeg = await decodeInput(await greyImage({ level: 60, format: 'jpeg' }), {
      shape: { ...gray28, channels: 3 },
    });
    expect(jpeg.format).toBe('jpeg');
    expect(jpeg.pixels).toHaveLength(784 * 3);
    expect(Math.abs((jpeg.pixels[0] as number) - 60)).toBeLessThanOrEqual(2);
  });

  it('crops the centre of a wide image to a square before resizing', async () => {
    // 30 x 10: black left third, white middle third, black right third -> the centre square is white.
    const pixels = Buffer.alloc(300);
    for (let y = 0; y < 10; y++) pixels.fill(255, y * 30 + 10, y * 30 + 20);
    const png = await sharp(pixels, { raw: { width: 30, height: 10, channels: 1 } })
      .png()
      .toBuffer();
    const decoded = await decodeInput(png, { shape: { height: 10, width: 10, channels: 1 } });
    expect(Math.min(...decoded.pixels)).toBeGreaterThan(240);
  });

  it('decodes DICOM through the window and reports modality and body part', async () => {
    const decoded = await decodeInput(flatDicom({ mean: 0.6 }), { shape: gray28 });
    expect(decoded.format).toBe('dicom');
    // stored round(0.6 x 4095) = 2457 -> 2457 / 4095 x 255 = 153.
    expect(new Set(decoded.pixels)).toEqual(new Set([153]));
    expect(decoded.acquisition).toEqual({ modality: 'DX', bodyPartExamined: 'CHEST' });
  });

  it('refuses bytes that are not what was declared, or of no accepted format', async () => {
    const png = await greyImage({ level: 1, format: 'png' });
    expect(await codeOf(decodeInput(png, { shape: gray28, declared: 'dicom' }))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(decodeInput(png, { shape: gray28, declared: 'jpeg' }))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(decodeInput(flatDicom({ mean: 0.5 }), { shape: gray28, declared: 'png' }))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await codeOf(decodeInput(Buffer.from('plain text'), { shape: gray28 }))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } })
      .webp()
      .toBuffer();
    expect(await codeOf(decodeInput(webp, { shape: gray28 }))).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a truncated PNG and images above the pixel limit, checked from the header', async () => {
    const png = await greyImage({ level: 1, format: 'png', width: 64, height: 64 });
    expect(await codeOf(decodeInput(png.subarray(0, png.length - 20), { shape: gray28 }))).toBe('UNPROCESSABLE');
    expect(await codeOf(decodeInput(png, { shape: gray28, maxInputPixels: 4095 }))).toBe('PAYLOAD_TOO_LARGE');
    const huge = encodeDicom({ rows: 5000, columns: 5000, pixels: [0] });
    expect(await codeOf(decodeInput(huge, { shape: gray28 }))).toBe('PAYLOAD_TOO_LARGE');
  });
});
