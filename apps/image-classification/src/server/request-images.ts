import { ScenarioError } from '@scenarios/core';
import { readBody } from '@scenarios/core/serving';
import busboy from 'busboy';
import type { Request } from 'express';

/** Raw image types accepted as a request body. */
export const IMAGE_CONTENT_TYPES: readonly string[] = Object.freeze(['image/png', 'image/jpeg', 'image/webp']);
/** Body types the classify route reads itself (core's server parses JSON). */
export const RAW_BODY_TYPES: readonly string[] = Object.freeze(['multipart/form-data', ...IMAGE_CONTENT_TYPES]);

/** The encoded images of one classify request. */
export interface RequestImages {
  images: Buffer[];
  /** True for `{"images": [...]}` or several multipart `image` parts: the answer is a list. */
  batch: boolean;
}

/**
 * Takes the images out of a classify request: multipart/form-data (one or more `image` file
 * fields), a raw image body, `{"image_base64": "..."}` or `{"images": ["...", ...]}` (base64
 * strings, or objects with `image_base64`). BAD_REQUEST for an empty body or a malformed one,
 * INVALID_ARGUMENT for more than `maxImages` images.
 */
export async function requestImages(
  req: Request,
  options: { maxImages: number; maxBodyBytes: number },
): Promise<RequestImages> {
  let result: RequestImages;
  if (req.is([...IMAGE_CONTENT_TYPES])) {
    result = { images: [await readBody(req, { maxBytes: options.maxBodyBytes })], batch: false };
  } else if (req.is('multipart/form-data')) {
    const bytes = await readBody(req, { maxBytes: options.maxBodyBytes });
    const images = await multipartImages({ contentType: req.get('content-type') ?? '', bytes }, options.maxImages);
    result = { images, batch: images.length > 1 };
  } else {
    result = jsonImages(req.body);
  }
  if (result.images.length > options.maxImages) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `${result.images.length} images in one request; the limit is ${options.maxImages}`,
      {
        details: { maxImages: options.maxImages },
      },
    );
  }
  result.images.forEach((image, i) => {
    if (image.length === 0) throw new ScenarioError('BAD_REQUEST', `image ${i} is empty`);
  });
  return result;
}

function jsonImages(body: unknown): RequestImages {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) {
    throw new ScenarioError(
      'BAD_REQUEST',
      'empty body: send an image (multipart field "image", a raw image body, or JSON)',
    );
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ScenarioError('BAD_REQUEST', 'the JSON body must be an object with image_base64 or images');
  }
  const { image_base64: single, images } = body as { image_base64?: unknown; images?: unknown };
  if (single !== undefined && images !== undefined) {
    throw new ScenarioError('BAD_REQUEST', 'give either image_base64 or images, not both');
  }
  if (single !== undefined) return { images: [fromBase64(single, 'image_base64')], batch: false };
  if (!Array.isArray(images))
    throw new ScenarioError('BAD_REQUEST', 'the JSON body needs image_base64 (a string) or images (an array)');
  if (images.length === 0) throw new ScenarioError('BAD_REQUEST', 'images is empty');
  return {
    images: images.map((item, i) =>
      fromBase64(
        typeof item === 'object' && item !== null ? (item as { image_base64?: unknown }).image_base64 : item,
        `images[${i}]`,
      ),
    ),
    batch: true,
  };
}

/** Strict base64 (standard alphabet, optional padding, optional data: URL prefix); Buffer.from alone skips bad characters. */
function fromBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string') throw new ScenarioError('BAD_REQUEST', `${field} must be a base64 string`);
  const text = value.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (text === '') throw new ScenarioError('BAD_REQUEST', `${field} is empty`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new ScenarioError('BAD_REQUEST', `${field} is not valid base64`);
  }
  return Buffer.from(text, 'base64');
}

/** The `image` file parts of a multipart body, parsed with busboy. */
function multipartImages(body: { contentType: string; bytes: Buffer }, maxImages: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': body.contentType }, limits: { files: maxImages + 1, fields: 20 } });
    } catch (error) {
      reject(new ScenarioError('BAD_REQUEST', `malformed multipart body: ${(error as Error).message}`));
      return;
    }
    const images: Buffer[] = [];
    let tooMany = false;
    parser.on('file', (name, stream) => {
      if (name !== 'image') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => images.push(Buffer.concat(chunks)));
    });
    parser.on('filesLimit', () => {
      tooMany = true;
    });
    parser.on('error', (error: Error) =>
      reject(new ScenarioError('BAD_REQUEST', `malformed multipart body: ${error.message}`)),
    );
    parser.on('close', () => {
      if (tooMany) {
        reject(
          new ScenarioError('INVALID_ARGUMENT', `more than ${maxImages} images in one request`, {
            details: { maxImages },
          }),
        );
      } else if (images.length === 0) {
        reject(new ScenarioError('BAD_REQUEST', 'the multipart body has no file field "image"'));
      } else {
        resolve(images);
      }
    });
    parser.end(body.bytes);
  });
}
