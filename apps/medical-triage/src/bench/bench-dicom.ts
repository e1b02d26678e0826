import sharp from 'sharp';
import type { TriageImages } from '../datasets/medmnist.js';
import { encodeDicom } from '../dicom/encode-dicom.js';

/**
 * The first image of a split as a realistic DICOM: enlarged to `size` x `size`, stored as 12 bits
 * in 16 (value x 16), MONOCHROME2 with a window over the whole range, DX chest, and patient
 * attributes like a real study's (made up).
 */
export async function loadTestDicom(images: TriageImages, options: { size: number }): Promise<Uint8Array> {
  const { height, width, channels } = images.shape;
  const first = images.images.subarray(0, height * width * channels);
  const { size } = options;
  const enlarged = await sharp(Buffer.from(first), { raw: { width, height, channels } })
    .toColourspace('b-w')
    .resize(size, size, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  return encodeDicom({
    rows: size,
    columns: size,
    pixels: Uint16Array.from(enlarged, (v) => v * 16),
    bitsAllocated: 16,
    bitsStored: 12,
    windowCenter: 2048,
    windowWidth: 4096,
    modality: 'DX',
    bodyPartExamined: 'CHEST',
    patient: { name: 'Bench^Patient', id: 'BENCH-0001', birthDate: '19800101' },
  });
}
