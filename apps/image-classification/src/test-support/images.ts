import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** A solid-colour image of `width` x `height` in the given format, made with sharp. */
export async function solidImage(options: {
  rgb: [number, number, number];
  format: 'png' | 'jpeg' | 'webp';
  width?: number;
  height?: number;
}): Promise<Buffer> {
  const { rgb, format, width = 8, height = 8 } = options;
  const image = sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  if (format === 'png') return image.png().toBuffer();
  if (format === 'jpeg') return image.jpeg({ quality: 95 }).toBuffer();
  return image.webp({ lossless: true }).toBuffer();
}

/** An image of `width` x `height` from raw uint8 pixels (1 or 3 channels) as PNG. */
export function pngFromPixels(
  pixels: Uint8Array,
  shape: { width: number; height: number; channels: 1 | 3 },
): Promise<Buffer> {
  return sharp(Buffer.from(pixels), { raw: { width: shape.width, height: shape.height, channels: shape.channels } })
    .png()
    .toBuffer();
}

/** The colour of each class of `writeImageFolder`: one channel bright, with some noise per image. */
export const CLASS_COLOURS: Readonly<Record<string, [number, number, number]>> = {
  blue: [20, 30, 220],
  green: [30, 200, 40],
  red: [230, 25, 20],
};

/**
 * Writes an image folder: one sub-folder per class of `CLASS_COLOURS`, `perClass` images each,
 * cycling through PNG, JPEG and WebP, every image the class colour shifted by a small amount.
 * Returns the written paths.
 */
export async function writeImageFolder(dir: string, perClass: number): Promise<string[]> {
  const formats = ['png', 'jpeg', 'webp'] as const;
  const paths: string[] = [];
  for (const [name, rgb] of Object.entries(CLASS_COLOURS)) {
    await mkdir(join(dir, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const format = formats[i % 3] as (typeof formats)[number];
      const shift = (i * 7) % 30;
      const shifted = rgb.map((v) => Math.min(255, v + shift)) as [number, number, number];
      const path = join(dir, name, `${String(i).padStart(3, '0')}.${format === 'jpeg' ? 'jpg' : format}`);
      await writeFile(path, await solidImage({ rgb: shifted, format, width: 12, height: 10 }));
      paths.push(path);
    }
  }
  return paths;
}
