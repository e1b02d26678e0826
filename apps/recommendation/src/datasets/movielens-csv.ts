import { join } from 'node:path';
import { readCsvFile } from '@scenarios/core/data';
import { columnPositions, fileExists, forEachLine, parseId, parseNumber } from './delimited-file.js';
import { buildInteractions, type ItemInfo, RowCollector } from './interactions.js';
import type { AdapterOptions, LoadedInteractions } from './loaded-interactions.js';

/** The files of the MovieLens CSV layout (ml-latest-small of 2016 and of today, ml-25m, ml-32m). */
export const MOVIELENS_CSV_FILES = { ratings: 'ratings.csv', movies: 'movies.csv' } as const;

/** The genres field of a movie that has none. */
const NO_GENRES = '(no genres listed)';

/**
 * Reads a MovieLens CSV directory: `ratings.csv` (`userId,movieId,rating,timestamp`, streamed, so
 * ml-25m's 25 million rows fit) and, when present, `movies.csv` (`movieId,title,genres`, quoted CSV,
 * genres separated by `|`). The 2016 and current ml-latest-small editions and ml-25m share this
 * layout; other files (tags, links, genome) are ignored.
 *
 * @throws ScenarioError DATA_NOT_FOUND without ratings.csv, DATA_CORRUPT on a malformed row (naming
 * the file, line and column).
 */
export async function loadMovieLensCsv(dir: string, options: AdapterOptions = {}): Promise<LoadedInteractions> {
  const ratingsPath = join(dir, MOVIELENS_CSV_FILES.ratings);
  const moviesPath = join(dir, MOVIELENS_CSV_FILES.movies);
  const collector = new RowCollector();
  type Column = 'userId' | 'movieId' | 'rating' | 'timestamp';
  let columns: Record<Column, number> | undefined;
  await forEachLine(ratingsPath, { delimiter: ',' }, (fields, line) => {
    if (!columns) {
      columns = columnPositions(fields, { path: ratingsPath, required: ['userId', 'movieId', 'rating', 'timestamp'] });
      return true;
    }
    const at = (column: Column) => ({ path: ratingsPath, line, column });
    collector.add({
      user: parseId(fields[columns.userId], at('userId')),
      item: parseId(fields[columns.movieId], at('movieId')),
      rating: parseNumber(fields[columns.rating], at('rating')),
      timestamp: parseNumber(fields[columns.timestamp], at('timestamp')),
    });
    return options.limit === undefined || collector.size < options.limit;
  });
  const files = [ratingsPath];
  let itemInfo: Map<number, ItemInfo> | undefined;
  if (await fileExists(moviesPath)) {
    itemInfo = await readMovies(moviesPath);
    files.push(moviesPath);
  } else {
    options.logger?.warn({ path: moviesPath }, 'no movies.csv: items will have no titles or genres');
  }
  return {
    format: 'movielens',
    files,
    interactions: buildInteractions(collector, { source: ratingsPath, ...(itemInfo ? { itemInfo } : {}) }),
  };
}

async function readMovies(path: string): Promise<Map<number, ItemInfo>> {
  const records = await readCsvFile(path, { columns: ['movieId', 'title', 'genres'] });
  const info = new Map<number, ItemInfo>();
  records.forEach((record, index) => {
    // Line numbers: the header is line 1 (quoted titles never span lines in MovieLens).
    const id = parseId(record.movieId, { path, line: index + 2, column: 'movieId' });
    const genres = record.genres === undefined || record.genres === NO_GENRES ? [] : record.genres.split('|');
    info.set(id, { title: record.title ?? '', genres: genres.filter((g) => g !== '') });
  });
  return info;
}
