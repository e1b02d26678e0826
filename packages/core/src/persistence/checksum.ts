import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Hex sha256 of bytes or of a UTF-8 string. */
export function sha256Buffer(data: Uint8Array | ArrayBuffer | string): string {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hex sha256 of a file, read as a stream so large weight files never sit in memory whole. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * A fingerprint of a data set made of files, for the manifest's `data_fingerprint`:
 * `sha256:` followed by the sha256 of a `sha256sum`-style listing (`<hex>  <basename>` per
 * line, sorted). It depends on the files' names and contents only, not on where they live or
 * on the order they are given in, so the same data gives the same fingerprint on every machine.
 */
export async function fingerprintFiles(paths: readonly string[]): Promise<string> {
  const lines: string[] = [];
  for (const path of paths) lines.push(`${await sha256File(path)}  ${basename(path)}\n`);
  lines.sort();
  return `sha256:${sha256Buffer(lines.join(''))}`;
}
