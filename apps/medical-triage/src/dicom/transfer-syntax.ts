/** Transfer syntax UIDs (PS3.6 Table A-1) that this app names. */
export const TRANSFER_SYNTAX = Object.freeze({
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegLossless: '1.2.840.10008.1.2.4.70',
  jpeg2000: '1.2.840.10008.1.2.4.90',
  rle: '1.2.840.10008.1.2.5',
});

/**
 * The transfer syntaxes whose pixel data is read: native (uncompressed) pixels in implicit or
 * explicit VR, little or big endian, and deflated explicit little endian (the dataset is
 * zlib-compressed, the pixels inside it are native). Every other syntax encapsulates compressed
 * pixels (JPEG, JPEG-LS, JPEG 2000, RLE, MPEG...) and is refused.
 */
export const SUPPORTED_TRANSFER_SYNTAXES: ReadonlyMap<string, { name: string; littleEndian: boolean }> = new Map([
  [TRANSFER_SYNTAX.implicitLittle, { name: 'implicit VR little endian', littleEndian: true }],
  [TRANSFER_SYNTAX.explicitLittle, { name: 'explicit VR little endian', littleEndian: true }],
  [TRANSFER_SYNTAX.deflatedExplicitLittle, { name: 'deflated explicit VR little endian', littleEndian: true }],
  [TRANSFER_SYNTAX.explicitBig, { name: 'explicit VR big endian', littleEndian: false }],
]);
