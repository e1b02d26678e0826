import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import Database from 'better-sqlite3';

/** One piece of feedback, validated: raw ids, an optional rating, seconds since the epoch. */
export interface FeedbackInput {
  user: number;
  item: number;
  rating?: number;
  timestamp: number;
}

/** A stored piece of feedback. */
export interface FeedbackRow extends FeedbackInput {
  /** Increasing with arrival. */
  id: number;
  /** When the server stored it, milliseconds since the epoch. */
  received_at: number;
}

/** What happened to one insert: stored with its id, or refused as a duplicate. */
export type InsertOutcome = { inserted: true; id: number } | { inserted: false };

/**
 * The feedback table. A duplicate is the same user, item and timestamp: the UNIQUE constraint
 * refuses it, so a retried request cannot count twice, while a later re-rating (a new timestamp)
 * is a new row.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  item_id INTEGER NOT NULL,
  rating REAL,
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (user_id, item_id, timestamp)
)`;

/** How long a statement waits for another process's write before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Switches a connection to WAL and creates the table. Two processes opening a new file at once
 * (`serve --processes`) both ask for the lock that turning WAL on needs, and SQLite answers one of
 * them SQLITE_BUSY at once instead of waiting (it would be a deadlock), so that one tries again.
 */
function prepareForWriting(db: Database.Database): void {
  const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
      return;
    } catch (error) {
      const busy = error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY';
      if (!busy || Date.now() >= giveUpAt) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 40);
    }
  }
}

/** The default store of a model directory: a sibling file, so that replacing the model keeps it. */
export function defaultFeedbackPath(modelDir: string): string {
  return `${resolve(modelDir)}.feedback.sqlite`;
}

/**
 * Feedback stored in SQLite (better-sqlite3) in WAL mode with `synchronous = FULL`: a write that
 * returned is on disk and survives a crash or power loss. Several server processes may share the
 * file: SQLite lets one write at a time, and the others wait for it (up to 5 s).
 */
export class FeedbackStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly insertAll: (rows: readonly FeedbackInput[]) => InsertOutcome[];
  private readonly selectAfter: Database.Statement;

  private constructor(db: Database.Database) {
    this.db = db;
    this.insert = db.prepare(
      `INSERT INTO feedback (user_id, item_id, rating, timestamp, received_at)
       VALUES (@user, @item, @rating, @timestamp, @received_at) ON CONFLICT DO NOTHING`,
    );
    this.selectAfter = db.prepare(
      'SELECT id, user_id, item_id, rating, timestamp, received_at FROM feedback WHERE id > ? ORDER BY id',
    );
    this.insertAll = db.transaction((rows: readonly FeedbackInput[]) => {
      const receivedAt = Date.now();
      return rows.map((row): InsertOutcome => {
        const result = this.insert.run({
          user: row.user,
          item: row.item,
          rating: row.rating ?? null,
          timestamp: row.timestamp,
          received_at: receivedAt,
        });
        return result.changes === 1 ? { inserted: true, id: Number(result.lastInsertRowid) } : { inserted: false };
      });
    });
  }

  /**
   * Opens (creating when needed, with its directory) the store at `path`. With `readonly`, a
   * missing file is DATA_NOT_FOUND. INVALID_ARGUMENT when the file cannot be opened as a store.
   */
  static open(path: string, options: { readonly?: boolean } = {}): FeedbackStore {
    const target = resolve(path);
    let db: Database.Database | undefined;
    try {
      if (!options.readonly) mkdirSync(dirname(target), { recursive: true });
      db = new Database(target, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!options.readonly) prepareForWriting(db);
      return new FeedbackStore(db);
    } catch (error) {
      db?.close();
      const message = error instanceof Error ? error.message : String(error);
      const missing = options.readonly && /unable to open|does not exist/i.test(message);
      throw new ScenarioError(
        missing ? 'DATA_NOT_FOUND' : 'INVALID_ARGUMENT',
        `cannot open the feedback store ${target}: ${message}`,
        { cause: error },
      );
    }
  }

  /** Inserts rows in one transaction (one disk sync); duplicates are reported, not thrown. */
  insertMany(rows: readonly FeedbackInput[]): InsertOutcome[] {
    return this.insertAll(rows);
  }

  /** Every stored row, oldest first. */
  all(): FeedbackRow[] {
    return this.after(0);
  }

  /** The rows stored after the row `id` (whoever wrote them), oldest first: one index lookup when there are none. */
  after(id: number): FeedbackRow[] {
    const rows = this.selectAfter.all(id) as {
      id: number;
      user_id: number;
      item_id: number;
      rating: number | null;
      timestamp: number;
      received_at: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      user: row.user_id,
      item: row.item_id,
      ...(row.rating === null ? {} : { rating: row.rating }),
      timestamp: row.timestamp,
      received_at: row.received_at,
    }));
  }

  /** Number of stored rows. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
