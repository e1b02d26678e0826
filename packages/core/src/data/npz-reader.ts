import { unzipSync } from 'fflate';
import { ScenarioError } from '../errors.js';
import { readFileBytes } from './file-bytes.js';
import type { NdArray } from './nd-array.js';
import { decodeNpy } from './npy-reader.js';

export interface NpzOptions {
  /** Decode only these arrays (names without `.npy`); the others are not even decompressed. Default: all. */
  keys?: readonly string[];
  /** Names the bytes in error messages. Default '<buffer>' (the path for `readNpzFile`). */
  source?: string;
}

/**
 * Reads a NumPy `.npz` file (a zip of `.npy` files, stored or deflated, as written by
 * `np.savez` and `np.savez_compressed`) into a map from array name (without `.npy`) to array.
 *
 * @throws ScenarioError DATA_NOT_FOUND when the file or a requested key is missing,
 * DATA_CORRUPT when the zip or an array in it is invalid.
 */
export async function readNpzFile(
  path: string,
  options: Omit<NpzOptions, 'source'> = {},
): Promise<Map<string, NdArray>> {
  return decodeNpz(await readFileBytes(path), { ...options, source: path });
}

/** Decodes NPZ bytes; see `readNpzFile`. */
export function decodeNpz(bytes: Uint8Array, options: NpzOptions = {}): Map<string, NdArray> {
  const source = options.source ?? '<buffer>';
  const wanted = options.keys ? new Set(options.keys.map((key) => `${key}.npy`)) : undefined;
  const names: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return wanted ? wanted.has(file.name) : file.name.endsWith('.npy');
      },
    });
  } catch (error) {
    throw new ScenarioError('DATA_CORRUPT', `${source}: not a valid NPZ (zip) file (${(error as Error).message})`, {
      cause: error,
    });
  }
  const arrays = new Map<string, NdArray>();
  for (const [name, content] of Object.entries(entries)) {
    arrays.set(name.slice(0, -'.npy'.length), decodeNpy(content, { source: `${source}:${name}` }));
  }
  const missing = (options.keys ?? []).filter((key) => !arrays.has(key));
  if (missing.length > 0) {
    throw new ScenarioError(
      'DATA_NOT_FOUND',
      `${source}: no array named ${missing.join(', ')} in the NPZ file (it holds ${names.join(', ') || 'nothing'})`,
    );
  }
  return arrays;
}
