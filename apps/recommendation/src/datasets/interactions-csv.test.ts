import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInteractionsCsv } from './interactions-csv.js';
import { detectFormat, loadInteractions } from './load-interactions.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-csv-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(root, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

describe('generic interactions CSV', () => {
  it('reads user,item with optional rating and timestamp columns in any order, ignoring others', async () => {
    const path = await file(
      'clicks.csv',
      'timestamp,item,source,user,rating\n100,5,web,9,4.5\n101,6,app,9,\n102,5,web,3,2\n',
    );
    const loaded = await loadInteractions(path);
    expect(loaded).toMatchObject({ format: 'csv', name: 'clicks' });
    const data = loaded.interactions;
    expect(Array.from(data.userIds)).toEqual([3, 9]);
    expect(Array.from(data.itemIds)).toEqual([5, 6]);
    // An empty rating field is an implicit interaction (NaN), not an error.
    expect(Array.from(data.ratings ?? [])).toEqual([4.5, Number.NaN, 2]);
    expect(Array.from(data.timestamps ?? [])).toEqual([100, 101, 102]);
  });

  it('treats data without a rating column as implicit feedback', async () => {
    const data = (await loadInteractionsCsv(await file('implicit.csv', 'user,item\n1,2\n1,3\n2,2\n'))).interactions;
    expect(data.ratings).toBeUndefined();
    expect(data.timestamps).toBeUndefined();
    expect(data.users.length).toBe(3);
  });

  it('reads the directory layout with items.csv for titles and genres', async () => {
    await file('shop/interactions.csv', 'user,item,rating\n1,10,5\n2,20,3\n');
    await file('shop/items.csv', 'item,title,genres\n10,"Kettle, steel",Kitchen|Home\n20,Lamp,\n');
    expect(await detectFormat(join(root, 'shop'))).toBe('csv');
    const loaded = await loadInteractions(join(root, 'shop'));
    expect(loaded.name).toBe('shop');
    expect(loaded.interactions.itemInfo).toEqual([
      { title: 'Kettle, steel', genres: ['Kitchen', 'Home'] },
      { title: 'Lamp', genres: [] },
    ]);
  });

  it('refuses non-integer ids, a missing column, a header without rows and an unknown layout', async () => {
    await expect(loadInteractionsCsv(await file('bad-id.csv', 'user,item\n1,2\nabc,3\n'))).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('bad-id.csv line 3: user must be an integer id'),
    });
    await expect(loadInteractionsCsv(await file('neg.csv', 'user,item\n1,-2\n'))).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
    });
    await expect(loadInteractionsCsv(await file('cols.csv', 'customer,item\n1,2\n'))).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('lacks column(s) user'),
    });
    await expect(loadInteractionsCsv(await file('empty.csv', 'user,item\n'))).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('holds no interactions'),
    });
    await mkdir(join(root, 'nothing'), { recursive: true });
    await expect(loadInteractions(join(root, 'nothing'))).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
    await expect(loadInteractions(join(root, 'absent'))).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
  });
});
