import { describe, expect, it } from 'vitest';
import { decodeImage } from './image-decode.js';
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
    const sharp = (await import('sharp')).default;
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
