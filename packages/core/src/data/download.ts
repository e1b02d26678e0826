import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ScenarioError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { gunzipIfNeeded } from './file-bytes.js';

/** A file of a data set and where to fetch it. */
export interface RemoteFile {
  /** File name in the data directory, e.g. 'train-images-idx3-ubyte.gz'. */
  name: string;
  url: string;
  /**
   * sha256 (hex) of the content, taken after gunzip for gzip files, so that a recompressed copy
   * of the same data (such as Debian's) has the same checksum as the original.
   */
  contentSha256: string;
}

export interface DownloadOptions {
  files: readonly RemoteFile[];
  /** Directory the verified files end up in; created when missing. */
  dir: string;
  /** Time allowed for a server to start answering, in ms. Default 15,000. */
  connectTimeoutMs?: number;
  /** Time allowed for one whole file, in ms. Default 600,000. */
  timeoutMs?: number;
  /** Default: silent. */
  logger?: Logger;
}

/**
 * Downloads files into `dir`, all or nothing: every file goes to a temporary directory beside
 * `dir`, is checked against its checksum, and only when all match are they renamed into place.
 *
 * @throws ScenarioError CHECKSUM_MISMATCH when a file's content is not the expected one (nothing
 * is kept); DATA_NOT_FOUND when a server cannot be reached, answers with an error status or
 * is too slow.
 */
export async function downloadVerified(options: DownloadOptions): Promise<void> {
  const { files, dir } = options;
  const logger = options.logger ?? silentLogger;
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dir), '.download-'));
  try {
    for (const file of files) {
      logger.info({ url: file.url }, `downloading ${file.name}`);
      const bytes = await fetchBytes(file.url, options);
      const actual = sha256Hex(gunzipIfNeeded(bytes, file.url));
      if (actual !== file.contentSha256) {
        throw new ScenarioError(
          'CHECKSUM_MISMATCH',
          `${file.url}: content sha256 is ${actual}, expected ${file.contentSha256}; the file was discarded`,
          { details: { url: file.url, expected: file.contentSha256, actual } },
        );
      }
      await writeFile(join(staging, file.name), bytes);
    }
    await mkdir(dir, { recursive: true });
    for (const file of files) await rename(join(staging, file.name), join(dir, file.name));
    logger.info({ dir }, `downloaded and verified ${files.length} file(s)`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** sha256 of bytes as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function fetchBytes(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const failure = (reason: string, cause?: unknown) =>
    new ScenarioError('DATA_NOT_FOUND', `download of ${url} failed: ${reason}`, { cause });
  const controller = new AbortController();
  const arm = (ms: number, what: string) =>
    setTimeout(() => controller.abort(failure(`${what} within ${ms / 1000} s`)), ms);
  let timer = arm(options.connectTimeoutMs ?? 15_000, 'no response');
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw failure(`HTTP ${response.status} ${response.statusText}`);
    clearTimeout(timer);
    timer = arm(options.timeoutMs ?? 600_000, 'download not finished');
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    if (controller.signal.reason instanceof ScenarioError) throw controller.signal.reason;
    // fetch reports "fetch failed" and keeps the useful part (ENOTFOUND, ECONNREFUSED...) in `cause`.
    const cause = (error as Error & { cause?: Error }).cause;
    throw failure(`${(error as Error).message}${cause ? ` (${cause.message})` : ''}`, error);
  } finally {
    clearTimeout(timer);
  }
}
