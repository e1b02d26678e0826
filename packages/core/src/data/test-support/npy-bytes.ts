/**
 * Builds an NPY file by hand, as numpy writes it: magic, version, little-endian header length,
 * the header dict padded with spaces and a newline to a multiple of 64 bytes, then `data`.
 */
export function npyBytes(spec: { header: string; data: readonly number[]; version?: 1 | 2 | 3 }): Uint8Array {
  const version = spec.version ?? 1;
  const lengthBytes = version === 1 ? 2 : 4;
  const dict = new TextEncoder().encode(spec.header);
  const padding = (64 - ((8 + lengthBytes + dict.length + 1) % 64)) % 64;
  const headerLength = dict.length + padding + 1;
  const out = new Uint8Array(8 + lengthBytes + headerLength + spec.data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  out.set(dict, 8 + lengthBytes);
  out.fill(0x20, 8 + lengthBytes + dict.length, 8 + lengthBytes + headerLength - 1);
  out[8 + lengthBytes + headerLength - 1] = 0x0a;
  out.set(spec.data, 8 + lengthBytes + headerLength);
  return out;
}

/** The header dict numpy writes for a C-ordered array. */
export function npyHeader(descr: string, shape: readonly number[]): string {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  return `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
}
