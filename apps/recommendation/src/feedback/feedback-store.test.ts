import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFeedbackPath, FeedbackStore } from './feedback-store.js';
import { FeedbackSync } from './feedback-sync.js';
import { FeedbackWriter } from './feedback-writer.js';

const exec = promisify(execFile);
// The built module, for child processes: turbo builds the package before testing it.
const builtStore = fileURLToPath(new URL('../../dist/feedback/feedback-store.js', import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-feedback-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FeedbackStore', () => {
  it('stores rows in a WAL-mode SQLite file that survives reopening', () => {
    const path = join(root, 'nested', 'dir', 'fb.sqlite');
    const store = FeedbackStore.open(path);
    const outcomes = store.insertMany([
      { user: 1, item: 10, rating: 4.5, timestamp: 100 },
      { user: 2, item: 10, timestamp: 101 },
    ]);
    expect(outcomes).toEqual([
      { inserted: true, id: 1 },
      { inserted: true, id: 2 },
    ]);
    store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const reopened = FeedbackStore.open(path, { readonly: true });
    const rows = reopened.all();
    expect(rows.map(({ received_at: _, ...row }) => row)).toEqual([
      { id: 1, user: 1, item: 10, rating: 4.5, timestamp: 100 },
      { id: 2, user: 2, item: 10, timestamp: 101 },
    ]);
    expect(rows[0]?.received_at).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(reopened.count()).toBe(2);
    reopened.close();
  });

  it('refuses a duplicate (same user, item and timestamp) but takes a re-rating at another time', () => {
    const store = FeedbackStore.open(join(root, 'dup.sqlite'));
    expect(store.insertMany([{ user: 1, item: 2, rating: 3, timestamp: 50 }])).toEqual([{ inserted: true, id: 1 }]);
    expect(
      store.insertMany([
        { user: 1, item: 2, rating: 5, timestamp: 50 },
        { user: 1, item: 2, rating: 5, timestamp: 51 },
        { user: 1, item: 2, rating: 1, timestamp: 51 },
      ]),
    ).toEqual([{ inserted: false }, { inserted: true, id: 2 }, { inserted: false }]);
    expect(store.count()).toBe(2);
    store.close();
  });

  it('reports a missing file (read-only) and a file that is not a database', async () => {
    expect(() => FeedbackStore.open(join(root, 'absent.sqlite'), { readonly: true })).toThrow(
      expect.objectContaining({ code: 'DATA_NOT_FOUND' }),
    );
    const junk = join(root, 'junk.sqlite');
    await writeFile(junk, 'this is not a database, just some text that is long enough to have a header');
    expect(() => FeedbackStore.open(junk)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('can be created by several processes at once, as `serve --processes` does', async () => {
    // Turning WAL on needs an exclusive lock; SQLite answers one of two processes asking at the same
    // moment SQLITE_BUSY at once. Each child opens the same new files as the others, at the same instant.
    const dir = join(root, 'race');
    await mkdir(dir);
    const files = 40;
    const script = `
      const { FeedbackStore } = await import(${JSON.stringify(builtStore)});
      const [dir, startAt, files] = process.argv.slice(1);
      while (Date.now() < Number(startAt)) {}
      const failures = [];
      for (let i = 0; i < Number(files); i++) {
        try { FeedbackStore.open(dir + '/' + i + '.sqlite').close(); } catch (error) { failures.push(error.message); }
      }
      console.log(JSON.stringify(failures));`;
    const startAt = Date.now() + 1_000;
    const children = Array.from({ length: 4 }, () =>
      exec(process.execPath, ['--input-type=module', '-e', script, dir, String(startAt), String(files)]),
    );
    const failures = (await Promise.all(children)).flatMap(({ stdout }) => JSON.parse(stdout) as string[]);
    expect(failures).toEqual([]);
    const db = new Database(join(dir, '7.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('defaults to a file beside the model directory', () => {
    expect(defaultFeedbackPath('/srv/models/ml/')).toBe('/srv/models/ml.feedback.sqlite');
  });
});

describe('FeedbackWriter', () => {
  it('commits writes of one event-loop turn in one transaction, and reports the commit before resolving', async () => {
    const store = FeedbackStore.open(join(root, 'group.sqlite'));
    const batches: number[] = [];
    const insertMany = store.insertMany.bind(store);
    store.insertMany = (rows) => {
      batches.push(rows.length);
      return insertMany(rows);
    };
    const committed: number[] = [];
    const writer = new FeedbackWriter(store, { afterCommit: () => committed.push(store.count()) });
    const writes = Array.from({ length: 50 }, (_, i) => writer.write({ user: 7, item: i, timestamp: 1 }));
    const duplicate = writer.write({ user: 7, item: 3, timestamp: 1 });
    const outcomes = await Promise.all([...writes, duplicate]);
    expect(batches).toEqual([51]);
    expect(outcomes.slice(0, 50).every((o) => o.inserted)).toBe(true);
    expect(outcomes[50]).toEqual({ inserted: false });
    expect(committed).toEqual([50]);
    await writer.write({ user: 8, item: 1, timestamp: 1 });
    expect(batches).toEqual([51, 1]);
    expect(committed).toEqual([50, 51]);
    writer.close();
    await expect(writer.write({ user: 9, item: 1, timestamp: 1 })).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(store.count()).toBe(51);
    store.close();
  });
});

describe('FeedbackSync', () => {
  it('applies each row once, including rows another connection to the file committed', () => {
    const path = join(root, 'shared.sqlite');
    const mine = FeedbackStore.open(path);
    const theirs = FeedbackStore.open(path);
    const applied: string[] = [];
    const sync = new FeedbackSync(mine, (row) => {
      if (row.item === 404) return false;
      applied.push(`${row.user}:${row.item}`);
      return true;
    });
    mine.insertMany([{ user: 1, item: 10, timestamp: 1 }]);
    expect(sync.sync()).toEqual({ applied: 1, skipped: 0 });
    expect(sync.sync()).toEqual({ applied: 0, skipped: 0 });
    theirs.insertMany([
      { user: 2, item: 20, timestamp: 1 },
      { user: 2, item: 404, timestamp: 1 },
    ]);
    expect(sync.sync()).toEqual({ applied: 1, skipped: 1 });
    mine.insertMany([{ user: 1, item: 11, timestamp: 2 }]);
    expect(sync.sync()).toEqual({ applied: 1, skipped: 0 });
    expect(applied).toEqual(['1:10', '2:20', '1:11']);
    theirs.close();
    mine.close();
  });
});
