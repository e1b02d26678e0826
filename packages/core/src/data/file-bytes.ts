import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ScenarioError } from '../errors.js';

/** Options of the decoders that take bytes rather than a path. */
export interface DecodeOptions {
  /** Names the bytes in error messages (a path or a URL). Default '<buffer>'. */
  source?: string;
}

/**
 * Reads a whole file, turning "not there" (or a directory) into DATA_NOT_FOUND and other read failures
 * into DATA_CORRUPT, both naming the path.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ScenarioError('DATA_NOT_FOUND', `data file not found: ${path}`, { cause: error });
    }
    if (code === 'EISDIR') {
      throw new ScenarioError('DATA_NOT_FOUND', `${path} is a directory, expected a data file`, { cause: error });
    }
    throw new ScenarioError('DATA_CORRUPT', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip bytes, or returns the bytes unchanged when they are not gzip. */
export function gunzipIfNeeded(bytes: Uint8Array, source: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new ScenarioError('DATA_CORRUPT', `${source}: invalid gzip data (${(error as Error).message})`, {
      cause: error,
    });
  }
}
