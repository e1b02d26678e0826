import { ScenarioError } from '@scenarios/core';
import { readBody } from '@scenarios/core/serving';
import type { Request } from 'express';
import type { InputFormat } from '../input/decode-input.js';

/** Raw body types the triage route reads itself, and the format each declares. */
export const RAW_INPUT_TYPES: Readonly<Record<string, InputFormat>> = Object.freeze({
  'application/dicom': 'dicom',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
});

/** One triage request's input. */
export interface RequestInput {
  bytes: Buffer;
  /** The format the Content-Type declared; undefined for JSON, whose bytes are recognised. */
  declared: InputFormat | undefined;
  /** Whether the client asked for a saliency heat map (`?saliency=true` or `"saliency": true`). */
  saliency: boolean;
}

/**
 * Takes the input out of a triage request: a raw `application/dicom`, `image/png` or
 * `image/jpeg` body, or JSON `{"image_base64": "...", "saliency": true}` (the format is then
 * recognised from the bytes). BAD_REQUEST for an empty or malformed body, PAYLOAD_TOO_LARGE above
 * `maxBodyBytes`.
 */
export async function requestInput(req: Request, options: { maxBodyBytes: number }): Promise<RequestInput> {
  const rawType = Object.keys(RAW_INPUT_TYPES).find((type) => req.is(type));
  let bytes: Buffer;
  let bodySaliency: unknown;
  if (rawType !== undefined) {
    bytes = await readBody(req, { maxBytes: options.maxBodyBytes });
  } else {
    const body = req.body as { image_base64?: unknown; saliency?: unknown } | undefined;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ScenarioError('BAD_REQUEST', 'send a DICOM, PNG or JPEG body, or JSON {"image_base64": "..."}');
    }
    bytes = fromBase64(body.image_base64);
    if (bytes.length > options.maxBodyBytes) {
      throw new ScenarioError('PAYLOAD_TOO_LARGE', `the image is larger than ${options.maxBodyBytes} bytes`);
    }
    bodySaliency = body.saliency;
  }
  if (bytes.length === 0) throw new ScenarioError('BAD_REQUEST', 'the input is empty');
  return {
    bytes,
    declared: rawType === undefined ? undefined : RAW_INPUT_TYPES[rawType],
    saliency: flag(req.query.saliency ?? bodySaliency),
  };
}

function flag(value: unknown): boolean {
  if (value === undefined || value === false || value === 'false' || value === '0') return false;
  if (value === true || value === 'true' || value === '1' || value === '') return true;
  throw new ScenarioError('BAD_REQUEST', `saliency must be true or false, got ${JSON.stringify(value)}`);
}

/** Strict base64 (standard alphabet, optional padding, optional data: URL prefix); Buffer.from alone skips bad characters. */
function fromBase64(value: unknown): Buffer {
  if (value === undefined) throw new ScenarioError('BAD_REQUEST', 'the JSON body needs image_base64');
  if (typeof value !== 'string') throw new ScenarioError('BAD_REQUEST', 'image_base64 must be a base64 string');
  const text = value.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (text === '') throw new ScenarioError('BAD_REQUEST', 'image_base64 is empty');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new ScenarioError('BAD_REQUEST', 'image_base64 is not valid base64');
  }
  return Buffer.from(text, 'base64');
}
