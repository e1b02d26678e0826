import type { DicomImage } from './read-dicom.js';

/**
 * The 8-bit grayscale picture a viewer would show, with dark meaning low attenuation as in
 * MONOCHROME2 (and in the PNG chest X-rays the model learned from):
 *
 * 1. stored values become modality values, x slope + intercept;
 * 2. modality values pass through the VOI window, with the linear function of PS3.3
 *    C.11.2.1.2.1: below c - 0.5 - (w - 1) / 2 -> 0, above c - 0.5 + (w - 1) / 2 -> 255, in
 *    between ((x - (c - 0.5)) / (w - 1) + 0.5) x 255; without a window, the image's own minimum
 *    and maximum span 0..255;
 * 3. MONOCHROME1 (minimum shown white) is inverted.
 *
 * Stored values have at most 16 bits, so the three steps are computed once per distinct value
 * in a lookup table, and each pixel costs one table read.
 */
export function displayPixels(image: DicomImage): Uint8Array {
  const { stored } = image;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const { slope, intercept } = image.rescale;
  const lowValue = Math.min(min * slope, max * slope) + intercept;
  const highValue = Math.max(min * slope, max * slope) + intercept;
  const { center, width } = image.window ?? fullRangeWindow(lowValue, highValue);
  const low = center - 0.5 - (width - 1) / 2;
  const high = center - 0.5 + (width - 1) / 2;
  const invert = image.photometricInterpretation === 'MONOCHROME1';
  const lut = new Uint8Array(max - min + 1);
  for (let k = 0; k < lut.length; k++) {
    const x = (min + k) * slope + intercept;
    let y: number;
    if (x <= low) y = 0;
    else if (x > high) y = 255;
    else y = ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
    const level = Math.round(Math.min(255, Math.max(0, y)));
    lut[k] = invert ? 255 - level : level;
  }
  const out = new Uint8Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = lut[(stored[i] as number) - min] as number;
  return out;
}

/**
 * The window that maps the smallest value to 0 and the largest to 255 (center and width chosen so
 * that low = min and high = max in the linear function); a flat image gets a width of 1.
 */
function fullRangeWindow(min: number, max: number): { center: number; width: number } {
  const width = Math.max(1, max - min + 1);
  return { center: min + 0.5 + (width - 1) / 2, width };
}
