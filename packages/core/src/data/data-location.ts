import { existsSync, type Stats, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isScenarioError, ScenarioError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { downloadVerified, type RemoteFile } from './download.js';

/** Where a data set was found. */
export type DataSource = 'explicit' | 'env' | 'cache' | 'debian' | 'download' | 'sample';

export interface DataLocation {
  source: DataSource;
  /** Absolute directory holding the files. */
  dir: string;
}

export interface LocateDataOptions {
  /** Directory name of the data set under the data roots, e.g. 'fashion-mnist'. */
  name: string;
  /** Human name for messages, e.g. 'Fashion-MNIST'. Default: `name`. */
  title?: string;
  /** Files that must all be there. A name ending in .gz also matches the file without .gz. */
  files: readonly string[];
  /** An explicit directory (a CLI flag): used alone, without falling back. */
  dir?: string;
  /** A directory where an operating-system package installs the data set (reported as source 'debian'). */
  systemDir?: string;
  /** Files to download into the cache when nothing is found; must cover `files`. Default: none. */
  remote?: readonly RemoteFile[];
  /** Try `remote` when nothing is found locally. Default true. */
  allowDownload?: boolean;
  /** A small bundled copy to use as a last resort. */
  sampleDir?: string;
  /** Use `sampleDir` when nothing else is found. Default false. */
  allowSample?: boolean;
  /** Extra ways to provide the data, listed in the not-found message, e.g. an apt-get command. */
  hints?: readonly string[];
  /** Environment to read SCENARIOS_DATA_DIR and SCENARIOS_CACHE_DIR from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the search for the repository root starts. Default `process.cwd()`. */
  cwd?: string;
  /** Default: silent. */
  logger?: Logger;
}

/**
 * Finds a data set's directory, in this order: the explicit `dir`; `$SCENARIOS_DATA_DIR/<name>`;
 * the cache `dataCacheDir()/<name>`; the `systemDir`; a download of `remote` into the cache,
 * checked against its checksums; the bundled `sampleDir`. A place counts only when every one
 * of `files` is there.
 *
 * @throws ScenarioError DATA_NOT_FOUND naming every place looked and how to provide the data;
 * CHECKSUM_MISMATCH when a download is not the expected content.
 */
export async function locateData(options: LocateDataOptions): Promise<DataLocation> {
  const { name, files } = options;
  const title = options.title ?? name;
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;

  if (options.dir !== undefined) {
    const dir = resolve(options.dir);
    const problem = missingFiles(dir, files);
    if (problem) throw new ScenarioError('DATA_NOT_FOUND', `${title} not found in ${dir}: ${problem}`);
    return { source: 'explicit', dir };
  }

  const looked: string[] = [];
  const cacheDir = join(dataCacheDir({ env, cwd: options.cwd }), name);
  const candidates: Array<{ source: DataSource; dir: string | undefined; unset?: string }> = [
    {
      source: 'env',
      dir: env.SCENARIOS_DATA_DIR ? resolve(env.SCENARIOS_DATA_DIR, name) : undefined,
      unset: `$SCENARIOS_DATA_DIR/${name}: SCENARIOS_DATA_DIR is not set`,
    },
    { source: 'cache', dir: cacheDir },
    { source: 'debian', dir: options.systemDir === undefined ? undefined : resolve(options.systemDir) },
  ];
  for (const candidate of candidates) {
    if (candidate.dir === undefined) {
      if (candidate.unset) looked.push(candidate.unset);
      continue;
    }
    const problem = missingFiles(candidate.dir, files);
    if (!problem) return { source: candidate.source, dir: candidate.dir };
    looked.push(`${candidate.dir}: ${problem}`);
  }

  const remote = options.remote ?? [];
  if (remote.length > 0) {
    if (options.allowDownload === false) {
      looked.push(`download from ${new URL((remote[0] as RemoteFile).url).origin}: not allowed`);
    } else {
      const missing = remote.filter((file) => findDataFile(cacheDir, file.name) === undefined);
      try {
        await downloadVerified({ files: missing, dir: cacheDir, logger });
        return { source: 'download', dir: cacheDir };
      } catch (error) {
        if (!isScenarioError(error) || error.code !== 'DATA_NOT_FOUND') throw error;
        logger.debug({ reason: error.message }, `${title}: download failed`);
        looked.push(error.message);
      }
    }
  }

  if (options.allowSample && options.sampleDir !== undefined) {
    const sampleDir = resolve(options.sampleDir);
    const problem = missingFiles(sampleDir, files);
    if (!problem) return { source: 'sample', dir: sampleDir };
    looked.push(`bundled sample ${sampleDir}: ${problem}`);
  }

  const ways = [
    'pass its directory explicitly (the CLI flag --data <dir>)',
    `set SCENARIOS_DATA_DIR=<dir> where <dir>/${name}/ holds ${files.join(', ')}`,
    ...(options.hints ?? []),
    ...(remote.length > 0 ? [`with internet access, let it download into ${cacheDir}`] : []),
  ];
  throw new ScenarioError(
    'DATA_NOT_FOUND',
    `${title} not found. Looked in:\n${looked.map((line) => `  - ${line}`).join('\n')}\n` +
      `To provide it:\n${ways.map((line) => `  - ${line}`).join('\n')}`,
    { details: { dataset: name, looked } },
  );
}

/**
 * The project's data cache: `$SCENARIOS_CACHE_DIR` when set, else `.cache/scenarios-data` under
 * the repository root (the nearest directory above `cwd` holding pnpm-workspace.yaml), else
 * under `cwd`. Data sets live in `<cache>/<name>/`.
 */
export function dataCacheDir(
  options: { env?: Readonly<Record<string, string | undefined>>; cwd?: string } = {},
): string {
  const env = options.env ?? process.env;
  if (env.SCENARIOS_CACHE_DIR) return resolve(env.SCENARIOS_CACHE_DIR);
  const cwd = resolve(options.cwd ?? process.cwd());
  return join(findRepoRoot(cwd) ?? cwd, '.cache', 'scenarios-data');
}

/** The nearest directory at or above `start` that holds pnpm-workspace.yaml, if any. */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The path of a data file in `dir`: `name` itself, or for a `.gz` name the decompressed file
 * beside it (some copies are stored unpacked). Undefined when neither is a file.
 */
export function findDataFile(dir: string, name: string): string | undefined {
  const candidates = name.endsWith('.gz') ? [name, name.slice(0, -3)] : [name];
  return candidates.map((file) => join(dir, file)).find((path) => statOf(path)?.isFile());
}

function missingFiles(dir: string, files: readonly string[]): string | undefined {
  if (!statOf(dir)?.isDirectory()) return 'no such directory';
  const missing = files.filter((file) => findDataFile(dir, file) === undefined);
  return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
}

/** File status, or undefined when the path cannot be reached (missing, a file in the way, no permission). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
