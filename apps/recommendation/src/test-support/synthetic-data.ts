import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One rating of the synthetic data. */
export interface SyntheticRating {
  user: number;
  item: number;
  rating: number;
  timestamp: number;
}

/** One movie of the synthetic data. */
export interface SyntheticMovie {
  id: number;
  title: string;
  genres: string[];
}

export interface SyntheticData {
  ratings: SyntheticRating[];
  movies: SyntheticMovie[];
}

export const SYNTHETIC_GENRES = ['Comedy', 'Drama', 'Horror'] as const;

/** Raw id of item index i: sparse on purpose, so id maps are exercised. */
export const itemId = (index: number): number => index * 10 + 7;
/** Raw id of user index u. */
export const userId = (index: number): number => index * 3 + 1;

/**
 * A small data set with structure a model can learn. Item i has genre i % 3 and user u loves genre
 * u % 3. Each user watches, in time order, consecutive items of the loved genre starting at a
 * user-specific place (so the next item follows from the last: i -> i + 3), rating them 4.5 or 5,
 * and rates two items of each other genre 1 or 1.5 at the very start.
 */
export function syntheticData(options: { users?: number; items?: number; perUser?: number } = {}): SyntheticData {
  const users = options.users ?? 24;
  const items = options.items ?? 30;
  const perUser = options.perUser ?? 8;
  const movies = Array.from({ length: items }, (_, i) => ({
    id: itemId(i),
    title: `Movie ${i}, part ${(i % 4) + 1} (${1990 + i})`,
    genres: [SYNTHETIC_GENRES[i % 3] as string],
  }));
  const ratings: SyntheticRating[] = [];
  for (let u = 0; u < users; u++) {
    const genre = u % 3;
    let time = 1_000_000 + u * 1000;
    for (let d = 1; d <= 4; d++) {
      const other = (genre + 1 + (d % 2)) % 3;
      const index = other + 3 * ((u + d) % Math.floor(items / 3));
      ratings.push({ user: userId(u), item: itemId(index), rating: d % 2 === 0 ? 1 : 1.5, timestamp: time++ });
    }
    const loved = Math.floor(items / 3);
    for (let j = 0; j < perUser; j++) {
      const index = genre + 3 * ((Math.floor(u / 3) + j) % loved);
      ratings.push({ user: userId(u), item: itemId(index), rating: j % 2 === 0 ? 5 : 4.5, timestamp: time++ });
    }
  }
  return { ratings, movies };
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the MovieLens CSV layout: ratings.csv and movies.csv, plus `extraFiles` (name -> content). */
export async function writeMovieLensCsv(
  dir: string,
  data: SyntheticData,
  extraFiles: Record<string, string> = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const ratings = data.ratings.map((r) => `${r.user},${r.item},${r.rating.toFixed(1)},${r.timestamp}`);
  await writeFile(join(dir, 'ratings.csv'), `userId,movieId,rating,timestamp\n${ratings.join('\n')}\n`);
  const movies = data.movies.map(
    (m) => `${m.id},${csvField(m.title)},${m.genres.length === 0 ? '(no genres listed)' : m.genres.join('|')}`,
  );
  await writeFile(join(dir, 'movies.csv'), `movieId,title,genres\n${movies.join('\n')}\n`);
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(join(dir, name), content);
}
