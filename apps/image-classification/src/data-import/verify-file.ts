import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ScenarioError } from '@scenarios/core';

/** A file of a published data set and the checksums that identify it. */
export interface ExpectedFile {
  /** File name as published, such as `train-images-idx3-ubyte.gz`. */
  name: string;
  /**
   * sha256 (hex) of the content, taken after gunzip for a gzip file, so that a recompressed copy of
   * the same data (such as Debian's) is recognised as well as the original.
   */
  contentSha256: string;
  /** MD5 (hex) of the file exactly as published, when the publisher gives one. */
  md5?: string;
}

/** What checking a file's bytes found. */
export interface FileCheck {
  /** MD5 of the bytes as they are (the .gz file for a gzip file). */
  md5: string;
  /** True when the bytes are the published file itself: its MD5 is the published one. */
  asPublished: boolean;
}

/**
 * Checks the bytes of one file, compressed (gzip) or not, against its expected content.
 *
 * @param source names the file (a path or a URL) in error messages.
 * @throws ScenarioError DATA_CORRUPT for damaged gzip data, CHECKSUM_MISMATCH when the content is
 * not the expected one; both name `source`.
 */
export function verifyFileBytes(file: ExpectedFile, bytes: Uint8Array, source: string): FileCheck {
  const content = isGzip(bytes) ? gunzip(bytes, source) : bytes;
  const actual = createHash('sha256').update(content).digest('hex');
  if (actual !== file.contentSha256) {
    throw new ScenarioError(
      'CHECKSUM_MISMATCH',
      `${source}: content sha256 is ${actual}, expected ${file.contentSha256} (${file.name})`,
      { details: { file: source, expected: file.contentSha256, actual } },
    );
  }
  const md5 = createHash('md5').update(bytes).digest('hex');
  return { md5, asPublished: file.md5 !== undefined && md5 === file.md5 };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new ScenarioError('DATA_CORRUPT', `${source}: damaged gzip data (${(error as Error).message})`, {
      details: { file: source },
      cause: error,
    });
  }
}
