import { stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import { fileExists } from './delimited-file.js';
import { loadInteractionsCsv } from './interactions-csv.js';
import type { AdapterOptions, DataFormat, LoadedInteractions } from './loaded-interactions.js';
import { loadMovieLens100k, MOVIELENS_100K_FILES } from './movielens-100k.js';
import { loadMovieLensCsv, MOVIELENS_CSV_FILES } from './movielens-csv.js';

/** The files of the generic layout when `--data` is a directory. */
export const INTERACTIONS_CSV_FILES = { interactions: 'interactions.csv', items: 'items.csv' } as const;

export interface LoadDataOptions extends AdapterOptions {
  /** The format; detected from the files when absent. */
  format?: DataFormat;
}

/** Loaded data with its name (the directory or file name) and absolute path. */
export interface LoadedData extends LoadedInteractions {
  name: string;
  path: string;
}

/**
 * The format of `path`: a file is a generic interactions CSV; a directory holding `ratings.csv` is
 * MovieLens CSV, one holding `u.data` MovieLens 100K, one holding `interactions.csv` the generic layout.
 *
 * @throws ScenarioError DATA_NOT_FOUND when `path` does not exist or holds none of these.
 */
export async function detectFormat(path: string): Promise<DataFormat> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ScenarioError('DATA_NOT_FOUND', `${path} does not exist`);
  if (info.isFile()) return 'csv';
  if (await fileExists(join(path, MOVIELENS_CSV_FILES.ratings))) return 'movielens';
  if (await fileExists(join(path, MOVIELENS_100K_FILES.ratings))) return 'movielens-100k';
  if (await fileExists(join(path, INTERACTIONS_CSV_FILES.interactions))) return 'csv';
  throw new ScenarioError(
    'DATA_NOT_FOUND',
    `${path} holds no ${MOVIELENS_CSV_FILES.ratings} (MovieLens), ${MOVIELENS_100K_FILES.ratings} (MovieLens 100K) ` +
      `or ${INTERACTIONS_CSV_FILES.interactions} (user,item[,rating][,timestamp])`,
  );
}

/**
 * Loads interactions from a MovieLens CSV directory (ml-latest-small, ml-25m), a MovieLens 100K
 * directory, or a generic CSV (a file, or a directory with `interactions.csv` and optionally
 * `items.csv`), detecting the format unless `options.format` names it.
 */
export async function loadInteractions(path: string, options: LoadDataOptions = {}): Promise<LoadedData> {
  const target = resolve(path);
  const format = options.format ?? (await detectFormat(target));
  const adapterOptions: AdapterOptions = {
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  let loaded: LoadedInteractions;
  if (format === 'movielens') loaded = await loadMovieLensCsv(target, adapterOptions);
  else if (format === 'movielens-100k') loaded = await loadMovieLens100k(target, adapterOptions);
  else {
    const isDir = (await stat(target).catch(() => undefined))?.isDirectory() ?? false;
    loaded = isDir
      ? await loadInteractionsCsv(join(target, INTERACTIONS_CSV_FILES.interactions), {
          ...adapterOptions,
          itemsPath: join(target, INTERACTIONS_CSV_FILES.items),
        })
      : await loadInteractionsCsv(target, adapterOptions);
  }
  return { ...loaded, name: basename(target, extname(target)), path: target };
}
