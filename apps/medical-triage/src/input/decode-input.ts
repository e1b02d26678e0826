import { ScenarioError } from '@scenarios/core';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { displayPixels } from '../dicom/display-pixels.js';
import { DEFAULT_MAX_DICOM_PIXELS, isDicom, readDicom } from '../dicom/read-dicom.js';

/** Height, width and channels (1 grayscale, 3 RGB) of the model's input. */
export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** The input formats: DICOM Part 10 files, PNG and JPEG images. */
export const INPUT_FORMATS = ['dicom', 'png', 'jpeg'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** Default largest input image in pixels: 4096 x 4096 (checked from the header, before decoding). */
export const DEFAULT_MAX_INPUT_PIXELS = DEFAULT_MAX_DICOM_PIXELS;

/** An input ready for the model, with the acquisition attributes of a DICOM file. */
export interface DecodedInput {
  format: InputFormat;
  /** uint8 pixels of the model's shape, HWC. */
  pixels: Uint8Array;
  /** Modality and Body Part Examined of a DICOM file (undefined when absent or not DICOM). */
  acquisition: { modality: string | undefined; bodyPartExamined: string | undefined } | undefined;
}

export interface DecodeInputOptions {
  /** The model's input shape. */
  shape: ImageShape;
  /** The format the sender declared (a Content-Type); the bytes must match it. Default: detected. */
  declared?: InputFormat;
  /** Default `DEFAULT_MAX_INPUT_PIXELS`. */
  maxInputPixels?: number;
  /** Names the input in error messages. Default 'input'. */
  source?: string;
}

/**
 * Decodes a DICOM, PNG or JPEG input to the model's input: a DICOM frame is rescaled, windowed and
 * turned into MONOCHROME2 (`displayPixels`); every image is then centre-cropped to the model's
 * aspect ratio and resized (as MedMNIST made its images from the originals), and converted to
 * grayscale or RGB.
 *
 * Errors: UNSUPPORTED_MEDIA_TYPE for bytes of no accepted format or not of the declared one,
 * PAYLOAD_TOO_LARGE above the pixel limit, UNPROCESSABLE for a damaged or truncated file, and
 * `readDicom`'s errors.
 */
export async function decodeInput(bytes: Uint8Array, options: DecodeInputOptions): Promise<DecodedInput> {
  const source = options.source ?? 'input';
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const dicom = isDicom(bytes);
  if (options.declared === 'dicom' && !dicom) {
    throw new ScenarioError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${source} was sent as application/dicom but is not a DICOM Part 10 file (no DICM signature at byte 128)`,
    );
  }
  if (dicom) {
    if (options.declared !== undefined && options.declared !== 'dicom') {
      throw new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `${source} was sent as ${options.declared} but is DICOM`);
    }
    const image = readDicom(bytes, { maxPixels: maxInputPixels });
    const raw = sharp(Buffer.from(displayPixels(image)), {
      raw: { width: image.columns, height: image.rows, channels: 1 },
    });
    return {
      format: 'dicom',
      pixels: await toModelPixels(raw, options.shape, source),
      acquisition: { modality: image.modality, bodyPartExamined: image.bodyPartExamined },
    };
  }
  const image = sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'warning' });
  let metadata: Metadata;
  try {
    metadata = await image.metadata();
  } catch (error) {
    throw describeFailure(error, source);
  }
  const format = metadata.format === 'jpeg' ? 'jpeg' : metadata.format === 'png' ? 'png' : undefined;
  if (format === undefined) {
    throw new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `${source} is ${metadata.format}, not DICOM, PNG or JPEG`);
  }
  if (options.declared !== undefined && options.declared !== format) {
    throw new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `${source} was sent as ${options.declared} but is ${format}`);
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > maxInputPixels) {
    throw new ScenarioError(
      'PAYLOAD_TOO_LARGE',
      `${source} has ${metadata.width}x${metadata.height} pixels, more than the limit of ${maxInputPixels}`,
      { details: { width: metadata.width, height: metadata.height, maxInputPixels } },
    );
  }
  return {
    format,
    pixels: await toModelPixels(image.rotate().removeAlpha(), options.shape, source),
    acquisition: undefined,
  };
}

/** Centre crop to the target aspect ratio, resize, convert to the model's colour space, raw uint8 HWC. */
async function toModelPixels(image: Sharp, shape: ImageShape, source: string): Promise<Uint8Array> {
  const pipeline = image
    .resize(shape.width, shape.height, { fit: 'cover', position: 'centre' })
    .toColourspace(shape.channels === 1 ? 'b-w' : 'srgb');
  try {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== shape.channels) {
      throw new ScenarioError('INTERNAL', `${source} decoded to ${info.channels} channels, expected ${shape.channels}`);
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
  if (/pixel limit/i.test(message)) {
    return new ScenarioError('PAYLOAD_TOO_LARGE', `${source} is larger than the pixel limit`, { cause: error });
  }
  if (/unsupported image format/i.test(message)) {
    return new ScenarioError('UNSUPPORTED_MEDIA_TYPE', `${source} is not DICOM, PNG or JPEG`, { cause: error });
  }
  return new ScenarioError('UNPROCESSABLE', `${source} could not be decoded: ${message.split('\n')[0]}`, {
    cause: error,
  });
}
