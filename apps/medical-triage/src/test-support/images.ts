import sharp from 'sharp';
import { type DicomImageSpec, encodeDicom } from '../dicom/encode-dicom.js';

/** A flat grey image of `width` x `height` at `level` (0..255) as PNG or JPEG. */
export function greyImage(options: {
  level: number;
  format: 'png' | 'jpeg';
  width?: number;
  height?: number;
}): Promise<Buffer> {
  const { level, format, width = 32, height = 32 } = options;
  const image = sharp({ create: { width, height, channels: 3, background: { r: level, g: level, b: level } } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}

/** A fine checkerboard (alternating 0 and 255), which no chest X-ray resembles. */
export function checkerboardPng(size = 28): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels[y * size + x] = (x + y) % 2 === 0 ? 0 : 255;
  return sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
    .png()
    .toBuffer();
}

/** The patient attributes every test DICOM carries, so tests can look for them where they must not be. */
export const TEST_PATIENT = Object.freeze({ name: 'Doe^Jane^Q', id: 'PID-8675309', birthDate: '19610704' });

/**
 * A 64 x 64 DICOM whose displayed image has mean intensity `mean` (0..1): a flat field of one stored
 * value, with a window over [0, 4095] so the display maps stored v to about v / 4095.
 */
export function flatDicom(options: { mean: number } & Partial<DicomImageSpec>): Uint8Array {
  const { mean, ...rest } = options;
  const bits = rest.bitsAllocated ?? 16;
  const max = bits === 8 ? 255 : 4095;
  const stored = Math.round(mean * max);
  return encodeDicom({
    rows: 64,
    columns: 64,
    pixels: new Array<number>(64 * 64).fill(stored),
    bitsAllocated: bits,
    bitsStored: bits === 8 ? 8 : 12,
    windowCenter: max / 2 + 0.5,
    windowWidth: max + 1,
    modality: 'DX',
    bodyPartExamined: 'CHEST',
    patient: { ...TEST_PATIENT },
    ...rest,
  });
}
