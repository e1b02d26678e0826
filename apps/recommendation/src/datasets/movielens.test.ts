import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../test-support/recording-logger.js';
import { loadInteractions } from './load-interactions.js';
import { loadMovieLens100k, MOVIELENS_100K_GENRES } from './movielens-100k.js';
import { loadMovieLensCsv } from './movielens-csv.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-movielens-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeDir(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  return dir;
}

describe('MovieLens CSV', () => {
  it('reads the 2016 ml-latest-small layout, quoted titles and "(no genres listed)" included', async () => {
    const dir = await writeDir('ml-2016', {
      'ratings.csv':
        'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n2,31,4.0,835355493\n',
      'movies.csv':
        'movieId,title,genres\n31,Dangerous Minds (1995),Drama\n1029,"American President, The (1995)",Comedy|Drama|Romance\n5,Nothing (2000),(no genres listed)\n',
      'links.csv': 'movieId,imdbId,tmdbId\n31,0112792,9909\n',
      'tags.csv': 'userId,movieId,tag,timestamp\n15,339,sandra,1138537770\n',
    });
    const loaded = await loadInteractions(dir);
    expect(loaded.format).toBe('movielens');
    expect(loaded.name).toBe('ml-2016');
    const data = loaded.interactions;
    expect(Array.from(data.userIds)).toEqual([1, 2]);
    expect(Array.from(data.itemIds)).toEqual([31, 1029]);
    expect(Array.from(data.ratings ?? [])).toEqual([2.5, 3, 4]);
    expect(Array.from(data.timestamps ?? [])).toEqual([1260759144, 1260759179, 835355493]);
    expect(data.itemInfo).toEqual([
      { title: 'Dangerous Minds (1995)', genres: ['Drama'] },
      { title: 'American President, The (1995)', genres: ['Comedy', 'Drama', 'Romance'] },
    ]);
    expect(loaded.files.map((f) => f.slice(dir.length + 1))).toEqual(['ratings.csv', 'movies.csv']);
  });

  it('reads the current edition (UTF-8 titles, columns in any order) and the ml-25m layout', async () => {
    const current = await writeDir('ml-latest-small', {
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,4993,5.0,964982931\n610,1,5.0,1493845360\n',
      'movies.csv':
        'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n4993,"Amélie (Fabuleux destin d\'Amélie Poulain, Le) (2001)",Comedy|Romance\n',
    });
    const data = (await loadMovieLensCsv(current)).interactions;
    expect(data.itemInfo[1]?.title).toBe("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
    expect(Array.from(data.userIds)).toEqual([1, 610]);

    const ml25m = await writeDir('ml-25m', {
      'ratings.csv': 'userId,movieId,rating,timestamp\r\n1,296,5.0,1147880044\r\n1,306,3.5,1147868817\r\n',
      'movies.csv': 'movieId,title,genres\r\n296,Pulp Fiction (1994),Comedy|Crime|Drama|Thriller\r\n',
      'genome-scores.csv': 'movieId,tagId,relevance\n1,1,0.02875\n',
      'genome-tags.csv': 'tagId,tag\n1,007\n',
    });
    const big = (await loadMovieLensCsv(ml25m)).interactions;
    expect(Array.from(big.ratings ?? [])).toEqual([5, 3.5]);
    expect(big.itemInfo).toEqual([
      { title: 'Pulp Fiction (1994)', genres: ['Comedy', 'Crime', 'Drama', 'Thriller'] },
      { title: '', genres: [] },
    ]);
  });

  it('stops at --limit rows and warns when movies.csv is missing', async () => {
    const dir = await writeDir('no-movies', {
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,1\n1,2,4,2\n2,1,3,3\n',
    });
    const logger = recordingLogger();
    const loaded = await loadMovieLensCsv(dir, { limit: 2, logger });
    expect(loaded.interactions.users.length).toBe(2);
    expect(loaded.interactions.itemInfo).toEqual([
      { title: '', genres: [] },
      { title: '', genres: [] },
    ]);
    expect(logger.entries.map((e) => e.level)).toEqual(['warn']);
  });

  it('names the file, line and column of a malformed field (DATA_CORRUPT)', async () => {
    const dir = await writeDir('bad-id', { 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,1\n1,x7,4,2\n' });
    await expect(loadMovieLensCsv(dir)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringMatching(/ratings\.csv line 3: movieId must be an integer id/),
    });
    const noColumn = await writeDir('bad-header', { 'ratings.csv': 'userId,itemId,rating,timestamp\n1,1,4,1\n' });
    await expect(loadMovieLensCsv(noColumn)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('lacks column(s) movieId'),
    });
  });
});

describe('MovieLens 100K', () => {
  const flags = (genres: number[]) => MOVIELENS_100K_GENRES.map((_, g) => (genres.includes(g) ? '1' : '0')).join('|');

  it('reads u.data (tabs) and u.item in latin-1 with genre names from u.genre', async () => {
    const title = Buffer.from('Misérables, Les (1995)', 'latin1');
    const item2 = Buffer.concat([
      Buffer.from('2|'),
      title,
      Buffer.from(`|01-Jan-1995||http://us.imdb.com/x|${flags([8, 14])}\n`),
    ]);
    const dir = await writeDir('ml-100k', {
      'u.data': '196\t242\t3\t881250949\n186\t2\t3\t891717742\n196\t2\t5\t881250950\n',
      'u.item': Buffer.concat([Buffer.from(`242|Kolya (1996)|24-Jan-1997||http://x|${flags([5])}\n`), item2]),
      'u.genre': `${MOVIELENS_100K_GENRES.map((g, i) => `${g}|${i}`).join('\n')}\n\n`,
    });
    const loaded = await loadInteractions(dir);
    expect(loaded.format).toBe('movielens-100k');
    const data = loaded.interactions;
    expect(Array.from(data.userIds)).toEqual([186, 196]);
    expect(Array.from(data.itemIds)).toEqual([2, 242]);
    expect(data.itemInfo).toEqual([
      { title: 'Misérables, Les (1995)', genres: ['Drama', 'Romance'] },
      { title: 'Kolya (1996)', genres: ['Comedy'] },
    ]);
    expect(loaded.files.map((f) => f.slice(dir.length + 1))).toEqual(['u.data', 'u.genre', 'u.item']);
  });

  it('falls back to the published genre list without u.genre and refuses a wrong number of flags', async () => {
    const dir = await writeDir('ml-100k-no-genre', {
      'u.data': '1\t1\t4\t100\n',
      'u.item': `1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n`,
    });
    const data = (await loadMovieLens100k(dir)).interactions;
    expect(data.itemInfo[0]?.genres).toEqual(['Animation', "Children's", 'Comedy']);

    const bad = await writeDir('ml-100k-bad', { 'u.data': '1\t1\t4\t100\n', 'u.item': '1|Toy Story|x||y|0|1\n' });
    await expect(loadMovieLens100k(bad)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('u.item line 1: expected 19 genre flags'),
    });
  });
});
