import { type Stats, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import { findDataFile } from '@scenarios/core/data';
import type { ProgressStream } from '@scenarios/core/training';
import { byteProgress } from './byte-progress.js';
import { fetchBytes } from './fetch-bytes.js';
import { type ExpectedFile, type FileCheck, verifyFileBytes } from './verify-file.js';

export interface ImportFilesOptions {
  files: readonly ExpectedFile[];
  /** Directory to create with the verified files. */
  out: string;
  /** Verify and copy the files of this directory (.gz or unpacked) instead of downloading them. */
  from?: string;
  /** Download `<baseUrl>/<name>` for every file; used when `from` is not given. */
  baseUrl?: string;
  /** Replace `out` when it exists and is not empty. Default false. */
  overwrite?: boolean;
  /** Where progress lines go. Default: none. */
  progress?: ProgressStream;
  /** Per download: time for the server to start answering, in ms. Default 15,000. */
  connectTimeoutMs?: number;
  /** Per download: time for the whole file, in ms. Default 600,000. */
  timeoutMs?: number;
}

/** One file written to the output directory. */
export interface ImportedFile {
  /** Its path in the output directory. */
  path: string;
  /** Where it came from: a URL or a path. */
  source: string;
  bytes: number;
  md5: string;
  /** True when it is the published file byte for byte (its MD5 is the published one). */
  asPublished: boolean;
}

/**
 * Fetches a data set's files (downloaded from `baseUrl`, or read from the local directory `from`),
 * checks each one's content against its expected sha256 (and its MD5 against the published one,
 * reported as `asPublished`), and only when every file is good moves them into `out` at once: they
 * are written to a temporary directory beside `out`, which is then renamed. On any failure nothing
 * is written and `out` is left as it was.
 *
 * @throws ScenarioError INVALID_ARGUMENT when `out` exists and is not empty (without `overwrite`);
 * DATA_NOT_FOUND for a missing local file or a failed download; DATA_CORRUPT or CHECKSUM_MISMATCH
 * naming the bad file.
 */
export async function importFiles(options: ImportFilesOptions): Promise<ImportedFile[]> {
  const out = resolve(options.out);
  const from = options.from === undefined ? undefined : resolve(options.from);
  await checkOut(out, { overwrite: options.overwrite ?? false, from });
  const { baseUrl } = options;
  if (from === undefined && baseUrl === undefined) {
    throw new ScenarioError('INVALID_ARGUMENT', 'give a directory to import from or a base URL to download from');
  }
  if (from !== undefined && !statOf(from)?.isDirectory()) {
    throw new ScenarioError('DATA_NOT_FOUND', `no directory ${from} to import from`);
  }
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  try {
    const imported: ImportedFile[] = [];
    for (const file of options.files) {
      const { bytes, source, fileName } =
        from === undefined
          ? await download(file, { ...options, baseUrl: baseUrl as string })
          : await readLocal(file, from);
      const check = verifyFileBytes(file, bytes, source);
      await writeFile(join(staging, fileName), bytes);
      options.progress?.write(`verified ${source}: content sha256 matches; ${describeMd5(file, check, fileName)}\n`);
      imported.push({
        path: join(out, fileName),
        source,
        bytes: bytes.length,
        md5: check.md5,
        asPublished: check.asPublished,
      });
    }
    await moveIntoPlace(staging, out);
    return imported;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** What the MD5 says: the published file, a recompressed copy, or nothing to compare with. */
function describeMd5(file: ExpectedFile, check: FileCheck, fileName: string): string {
  if (check.asPublished) return `md5 ${check.md5} is the published one`;
  // An unpacked copy (no .gz) cannot have the .gz's MD5.
  if (file.md5 === undefined || fileName !== file.name) return `md5 ${check.md5}`;
  return `md5 ${check.md5} is not the published ${file.md5} (a recompressed copy of the same data)`;
}

async function checkOut(out: string, options: { overwrite: boolean; from: string | undefined }): Promise<void> {
  if (options.from === out) {
    throw new ScenarioError('INVALID_ARGUMENT', `the output directory ${out} is the one to import from`);
  }
  const stats = statOf(out);
  if (stats === undefined) return;
  if (!stats.isDirectory()) throw new ScenarioError('INVALID_ARGUMENT', `${out} exists and is not a directory`);
  if (!options.overwrite && (await readdir(out)).length > 0) {
    throw new ScenarioError('INVALID_ARGUMENT', `${out} exists and is not empty; pass --overwrite to replace it`);
  }
}

async function download(
  file: ExpectedFile,
  options: ImportFilesOptions & { baseUrl: string },
): Promise<{ bytes: Uint8Array; source: string; fileName: string }> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/${file.name}`;
  options.progress?.write(`downloading ${url}\n`);
  const bytes = await fetchBytes(url, {
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.progress ? { onProgress: byteProgress(options.progress, file.name) } : {}),
  });
  return { bytes, source: url, fileName: file.name };
}

async function readLocal(
  file: ExpectedFile,
  from: string,
): Promise<{ bytes: Uint8Array; source: string; fileName: string }> {
  const path = findDataFile(from, file.name);
  if (path === undefined) {
    const unpacked = file.name.endsWith('.gz') ? ` (or ${file.name.slice(0, -3)})` : '';
    throw new ScenarioError('DATA_NOT_FOUND', `${from} has no ${file.name}${unpacked}`);
  }
  return { bytes: new Uint8Array(await readFile(path)), source: path, fileName: basename(path) };
}

/** Renames the staging directory to `out`; an existing `out` is moved aside first and removed after. */
async function moveIntoPlace(staging: string, out: string): Promise<void> {
  const stats = statOf(out);
  if (stats === undefined) {
    await rename(staging, out);
    return;
  }
  if ((await readdir(out)).length === 0) {
    await rmdir(out);
    await rename(staging, out);
    return;
  }
  const old = `${staging}.old`;
  await rename(out, old);
  await rename(staging, out);
  await rm(old, { recursive: true, force: true });
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
