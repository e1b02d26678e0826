import { join } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import { fileExists, forEachLine, parseId, parseNumber } from './delimited-file.js';
import { buildInteractions, type ItemInfo, RowCollector } from './interactions.js';
import type { AdapterOptions, LoadedInteractions } from './loaded-interactions.js';

/** The files of MovieLens 100K. */
export const MOVIELENS_100K_FILES = { ratings: 'u.data', items: 'u.item', genres: 'u.genre' } as const;

/** The 19 genre flags of `u.item`, in order, as `u.genre` lists them. */
export const MOVIELENS_100K_GENRES: readonly string[] = Object.freeze([
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
]);

/** `u.item` fields before the genre flags: id, title, release date, video release date, IMDb URL. */
const FLAGS_START = 5;

/**
 * Reads MovieLens 100K: `u.data` (tab-separated `user item rating timestamp`, no header) and, when
 * present, `u.item` (pipe-separated, latin-1: id, title, dates, URL, then one 0/1 flag per genre)
 * with genre names from `u.genre` (or the published list when that file is absent).
 *
 * @throws ScenarioError DATA_NOT_FOUND without u.data, DATA_CORRUPT on a malformed line.
 */
export async function loadMovieLens100k(dir: string, options: AdapterOptions = {}): Promise<LoadedInteractions> {
  const ratingsPath = join(dir, MOVIELENS_100K_FILES.ratings);
  const collector = new RowCollector();
  await forEachLine(ratingsPath, { delimiter: '\t' }, (fields, line) => {
    if (fields.length < 4) {
      throw new ScenarioError('DATA_CORRUPT', `${ratingsPath} line ${line}: expected 4 tab-separated fields`);
    }
    const at = (column: string) => ({ path: ratingsPath, line, column });
    collector.add({
      user: parseId(fields[0], at('user id')),
      item: parseId(fields[1], at('item id')),
      rating: parseNumber(fields[2], at('rating')),
      timestamp: parseNumber(fields[3], at('timestamp')),
    });
    return options.limit === undefined || collector.size < options.limit;
  });
  const files = [ratingsPath];
  const itemsPath = join(dir, MOVIELENS_100K_FILES.items);
  let itemInfo: Map<number, ItemInfo> | undefined;
  if (await fileExists(itemsPath)) {
    const genresPath = join(dir, MOVIELENS_100K_FILES.genres);
    const genreNames = (await fileExists(genresPath)) ? await readGenres(genresPath) : MOVIELENS_100K_GENRES;
    if (genreNames !== MOVIELENS_100K_GENRES) files.push(genresPath);
    itemInfo = await readItems(itemsPath, genreNames);
    files.push(itemsPath);
  } else {
    options.logger?.warn({ path: itemsPath }, 'no u.item: items will have no titles or genres');
  }
  return {
    format: 'movielens-100k',
    files,
    interactions: buildInteractions(collector, { source: ratingsPath, ...(itemInfo ? { itemInfo } : {}) }),
  };
}

/** `u.genre`: `name|index` lines; the names ordered by index. */
async function readGenres(path: string): Promise<string[]> {
  const names: string[] = [];
  await forEachLine(path, { delimiter: '|', encoding: 'latin1' }, (fields, line) => {
    const index = parseId(fields[1], { path, line, column: 'genre index' });
    names[index] = fields[0] ?? '';
    return true;
  });
  return Array.from(names, (name, index) => name ?? `genre ${index}`);
}

async function readItems(path: string, genreNames: readonly string[]): Promise<Map<number, ItemInfo>> {
  const info = new Map<number, ItemInfo>();
  await forEachLine(path, { delimiter: '|', encoding: 'latin1' }, (fields, line) => {
    const id = parseId(fields[0], { path, line, column: 'movie id' });
    const flags = fields.slice(FLAGS_START);
    if (flags.length !== genreNames.length) {
      throw new ScenarioError(
        'DATA_CORRUPT',
        `${path} line ${line}: expected ${genreNames.length} genre flags after ${FLAGS_START} fields, got ${flags.length}`,
      );
    }
    const genres = genreNames.filter((_, g) => flags[g] === '1');
    info.set(id, { title: fields[1] ?? '', genres });
    return true;
  });
  return info;
}
