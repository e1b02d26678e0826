import { ScenarioError } from '@scenarios/core';
import sharp, { type Metadata } from 'sharp';
import { decodeReadyPng } from './ready-png.js';

/** Height, width and channels (1 grayscale, 3 RGB) of a model's input image. */
export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** The formats accepted everywhere (training folders, `predict`, the server). */
export const IMAGE_FORMATS: readonly string[] = Object.freeze(['png', 'jpeg', 'webp']);

/**
 * Default largest image, in pixels, that is decoded: 4096 x 4096. The header is checked before
 * any pixel is decoded, so a small file that claims a huge image (a decompression bomb) costs nothing.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 4096 * 4096;

export interface DecodeImageOptions {
  /** The shape to resize and convert to. */
  shape: ImageShape;
  /** Refuse images with more pixels than this (PAYLOAD_TOO_LARGE). Default `DEFAULT_MAX_INPUT_PIXELS`. */
  maxInputPixels?: number;
  /** Names the image in error messages (a path, a form field). Default 'image'. */
  source?: string;
}

/**
 * Decodes a PNG, JPEG or WebP image (bytes or a file path), applies its EXIF orientation,
 * resizes it to `shape` (stretching, aspect ratio not kept), converts it to grayscale or sRGB,
 * drops any alpha channel and returns the pixels as uint8 in HWC order.
 *
 * A PNG that already is the model's input (size, 8-bit grayscale or RGB) is read without
 * sharp, see `decodeReadyPng`; the pixels are the same.
 *
 * Errors: UNSUPPORTED_MEDIA_TYPE for anything that is not one of `IMAGE_FORMATS` (including
 * non-image bytes), PAYLOAD_TOO_LARGE above the pixel limit, UNPROCESSABLE for a damaged or
 * truncated image, DATA_NOT_FOUND for a path that cannot be read.
 */
export async function decodeImage(input: Uint8Array | string, options: DecodeImageOptions): Promise<Uint8Array> {
  const { shape } = options;
  const source = options.source ?? 'image';
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const exact = typeof input === 'string' ? undefined : decodeReadyPng(input, { shape, maxInputPixels });
  if (exact) return exact;
  // failOn 'warning' turns libvips' "premature end of data" warnings for truncated files into errors.
  const image = sharp(input, { limitInputPixels: maxInputPixels, failOn: 'warning' });
  let metadata: Metadata;
  try {
    metadata = await image.metadata();
  } catch (error) {
    throw describeFailure(error, source);
  }
  if (!IMAGE_FORMATS.includes(metadata.format)) {
    throw new ScenarioError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${source} is ${metadata.format} but only ${IMAGE_FORMATS.join(', ')} images are accepted`,
    );
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > maxInputPixels) {
    throw new ScenarioError(
      'PAYLOAD_TOO_LARGE',
      `${source} has ${metadata.width}x${metadata.height} pixels, more than the limit of ${maxInputPixels}`,
      { details: { width: metadata.width, height: metadata.height, maxInputPixels } },
    );
  }
  const pipeline = image
    .rotate()
    .removeAlpha()
    .resize(shape.width, shape.height, { fit: 'fill' })
    .toColourspace(shape.channels === 1 ? 'b-w' : 'srgb');
  try {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== shape.channels || info.width !== shape.width || info.height !== shape.height) {
      throw new ScenarioError(
        'INTERNAL',
        `${source} decoded to ${info.width}x${info.height}x${info.channels}, expected ${shape.width}x${shape.height}x${shape.channels}`,
      );
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw describeFailure(error, source);
  }
}

/** Maps sharp's errors (plain Errors with libvips messages) to the toolkit's codes. */
function describeFailure(error: unknown, source: string): ScenarioError {
  if (error instanceof ScenarioError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|no such file|input file is missing/i.test(message)) {
    return new ScenarioError('DATA_NOT_FOUND', `${source}: file not found`, { cause: error });
  }
  if (/pixel limit/i.test(message)) {
    return new ScenarioError('PAYLOAD_TOO_LARGE', `${source} is larger than the pixel limit`, { cause: error });
  }
  if (/unsupported image format/i.test(message)) {
    return new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `${source} is not a PNG, JPEG or WebP image`, { cause: error });
  }
  return new ScenarioError('UNPROCESSABLE', `${source} could not be decoded: ${message.split('\n')[0]}`, {
    cause: error,
  });
}
