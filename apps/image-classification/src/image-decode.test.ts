import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, type ImageShape } from './image-decode.js';
import { decodeReadyPng } from './ready-png.js';
import { pngFromPixels, solidImage } from './test-support/images.js';

describe('decodeImage', () => {
  it('keeps the exact pixels of a PNG at its own size, in HWC order', async () => {
    // 2x2 RGB: red, green / blue, white.
    const pixels = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    const png = await pngFromPixels(pixels, { width: 2, height: 2, channels: 3 });
    expect(Array.from(await decodeImage(png, { shape: { height: 2, width: 2, channels: 3 } }))).toEqual(
      Array.from(pixels),
    );
  });

  it('converts colour to one grayscale channel by lightness and resizes', async () => {
    const shape = { height: 4, width: 3, channels: 1 } as const;
    const grayOf = async (rgb: [number, number, number]) => {
      const gray = await decodeImage(await solidImage({ rgb, format: 'png', width: 10, height: 6 }), { shape });
      expect(gray).toHaveLength(12);
      expect(new Set(gray).size).toBe(1);
      return gray[0] as number;
    };
    // CIE L* of sRGB green, red and blue is 87.7, 53.2 and 32.3: the grays keep that order.
    const [green, red, blue] = [await grayOf([0, 255, 0]), await grayOf([255, 0, 0]), await grayOf([0, 0, 255])];
    expect(green).toBeGreaterThan(red);
    expect(red).toBeGreaterThan(blue);
    expect(await grayOf([255, 255, 255])).toBe(255);
    expect(await grayOf([0, 0, 0])).toBe(0);
  });

  it('expands a grayscale image to three equal RGB channels', async () => {
    const png = await pngFromPixels(Uint8Array.from([10, 200]), { width: 2, height: 1, channels: 1 });
    expect(Array.from(await decodeImage(png, { shape: { height: 1, width: 2, channels: 3 } }))).toEqual([
      10, 10, 10, 200, 200, 200,
    ]);
  });

  it('decodes JPEG (lossy, close to the colour) and lossless WebP', async () => {
    const shape = { height: 4, width: 4, channels: 3 } as const;
    const jpeg = await decodeImage(await solidImage({ rgb: [200, 100, 50], format: 'jpeg' }), { shape });
    expect(Math.abs((jpeg[0] as number) - 200)).toBeLessThan(6);
    expect(Math.abs((jpeg[1] as number) - 100)).toBeLessThan(6);
    const webp = await decodeImage(await solidImage({ rgb: [200, 100, 50], format: 'webp' }), { shape });
    expect(Array.from(webp.subarray(0, 3))).toEqual([200, 100, 50]);
  });

  it('refuses non-image bytes, other formats, truncated images and images over the pixel limit', async () => {
    const shape = { height: 4, width: 4, channels: 1 } as const;
    await expect(decodeImage(Buffer.from('hello, not an image'), { shape, source: 'upload' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'upload is not a PNG, JPEG or WebP image',
    });
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    await expect(decodeImage(gif, { shape })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const png = await solidImage({ rgb: [1, 2, 3], format: 'png', width: 64, height: 64 });
    await expect(decodeImage(png.subarray(0, png.length - 30), { shape })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(decodeImage(png, { shape, maxInputPixels: 64 * 64 - 1 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    await expect(decodeImage('/nonexistent/x.png', { shape })).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
  });
});

describe('decodeImage on PNGs that need no conversion', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ic-decode-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The same bytes decoded from memory (where the PNG shortcut applies) and from a file (always sharp). */
  async function bothWays(png: Buffer, shape: ImageShape): Promise<[number[], number[]]> {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.png`);
    await writeFile(path, png);
    return [Array.from(await decodeImage(png, { shape })), Array.from(await decodeImage(path, { shape }))];
  }

  const noisy = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 37 + ((i * i) % 11) * 19) % 256);
  /** Raw pixels as a sharp image; one channel is marked grayscale, or sharp would write an RGB PNG. */
  const raw = (shape: { width: number; height: number; channels: 1 | 3 }) => {
    const image = sharp(Buffer.from(noisy(shape.width * shape.height * shape.channels)), { raw: shape });
    return shape.channels === 1 ? image.toColourspace('b-w') : image;
  };

  it.each([
    { name: 'grayscale', channels: 1, adaptiveFiltering: false },
    { name: 'grayscale, every row filter', channels: 1, adaptiveFiltering: true },
    { name: 'RGB', channels: 3, adaptiveFiltering: false },
    { name: 'RGB, every row filter', channels: 3, adaptiveFiltering: true },
  ] as const)(
    'reads a $name PNG of the model size with the pixels sharp gives',
    async ({ channels, adaptiveFiltering }) => {
      const shape = { height: 9, width: 7, channels };
      const png = await raw({ width: 7, height: 9, channels }).png({ adaptiveFiltering }).toBuffer();
      const [fast, viaSharp] = await bothWays(png, shape);
      expect(fast).toEqual(viaSharp);
      expect(fast).toEqual(Array.from(noisy(9 * 7 * channels)));
      // It took the shortcut.
      expect(Array.from(decodeReadyPng(png, { shape, maxInputPixels: 63 }) ?? [])).toEqual(fast);
    },
  );

  it('leaves interlaced, palette, 16-bit, other sizes and other colour types to sharp', async () => {
    const shape = { height: 4, width: 4, channels: 1 } as const;
    const cases = [
      await raw({ width: 4, height: 4, channels: 1 }).png({ progressive: true }).toBuffer(),
      await raw({ width: 4, height: 4, channels: 1 }).png({ palette: true }).toBuffer(),
      await raw({ width: 4, height: 4, channels: 1 }).toColourspace('grey16').png().toBuffer(),
      await raw({ width: 4, height: 4, channels: 3 }).png().toBuffer(),
      await raw({ width: 5, height: 5, channels: 1 }).png().toBuffer(),
    ];
    for (const png of cases) {
      expect(decodeReadyPng(png, { shape, maxInputPixels: 100 })).toBeUndefined();
      const [fast, viaSharp] = await bothWays(png, shape);
      expect(fast).toEqual(viaSharp);
    }
    // Nor does it read an image over the pixel limit, or one with EXIF orientation.
    const ready = await raw({ width: 4, height: 4, channels: 1 }).png().toBuffer();
    expect(decodeReadyPng(ready, { shape, maxInputPixels: 100 })).toBeDefined();
    expect(decodeReadyPng(ready, { shape, maxInputPixels: 15 })).toBeUndefined();
    const rotated = await raw({ width: 4, height: 4, channels: 1 }).png().withMetadata({ orientation: 6 }).toBuffer();
    expect(decodeReadyPng(rotated, { shape, maxInputPixels: 100 })).toBeUndefined();
  });

  it('refuses a PNG with a damaged CRC, as sharp does', async () => {
    const png = await raw({ width: 4, height: 4, channels: 1 }).png().toBuffer();
    expect(decodeReadyPng(png, { shape: { height: 4, width: 4, channels: 1 }, maxInputPixels: 16 })).toBeDefined();
    const damaged = Buffer.from(png);
    // The last byte of the IDAT chunk's CRC, just before the 12-byte IEND chunk.
    damaged.writeUInt8((damaged.at(-13) as number) ^ 0xff, damaged.length - 13);
    await expect(decodeImage(damaged, { shape: { height: 4, width: 4, channels: 1 } })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
  });
});
