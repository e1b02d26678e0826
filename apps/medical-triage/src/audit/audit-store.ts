import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import Database from 'better-sqlite3';
import { PRIORITIES, type Priority } from '../triage/decide.js';

/** Default audit database: `medical-triage-audit.sqlite` in the working directory. */
export const DEFAULT_AUDIT_DB = 'medical-triage-audit.sqlite';

/**
 * One triage decision as the audit trail keeps it. Deliberately nothing else: no pixels, no file
 * name, no DICOM attribute, so no patient identifier can end up here.
 */
export interface AuditEntry {
  /** Position in the trail, increasing. */
  id: number;
  /** ISO 8601 UTC time of the decision. */
  time: string;
  request_id: string;
  /** sha256 (hex) of the request's input bytes. */
  input_sha256: string;
  model_version: string;
  priority: Priority;
  probability: number;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface ListAuditOptions {
  /** Entries with an id above this. Default 0 (from the start). */
  afterId?: number;
  /** Default 100. */
  limit?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS triage_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  request_id TEXT NOT NULL,
  input_sha256 TEXT NOT NULL CHECK (length(input_sha256) = 64),
  model_version TEXT NOT NULL,
  priority TEXT NOT NULL CHECK (priority IN (${PRIORITIES.map((p) => `'${p}'`).join(', ')})),
  probability REAL NOT NULL CHECK (probability >= 0 AND probability <= 1)
) STRICT;
CREATE TRIGGER IF NOT EXISTS triage_audit_no_update BEFORE UPDATE ON triage_audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS triage_audit_no_delete BEFORE DELETE ON triage_audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;

/**
 * The append-only audit trail of triage decisions in a SQLite file (better-sqlite3, WAL journal,
 * so readers never block the writer). Each `append` is one INSERT, which SQLite commits atomically:
 * an entry is in the trail whole or not at all. UPDATE and DELETE are refused by triggers.
 *
 * @example
 * const store = AuditStore.open('audit.sqlite');
 * store.append({ time: new Date().toISOString(), request_id: 'r1', input_sha256: '…', model_version: '1', priority: 'urgent', probability: 0.97 });
 */
export class AuditStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #list: Database.Statement;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO triage_audit (time, request_id, input_sha256, model_version, priority, probability)
       VALUES (@time, @request_id, @input_sha256, @model_version, @priority, @probability)`,
    );
    this.#list = db.prepare('SELECT * FROM triage_audit WHERE id > ? ORDER BY id LIMIT ?');
  }

  /** Opens (creating it and its directory when needed) the audit database at `path`; INVALID_ARGUMENT when it cannot. */
  static open(path: string): AuditStore {
    const target = resolve(path);
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(target), { recursive: true });
      db = new Database(target);
      db.pragma('journal_mode = WAL');
      // With WAL, NORMAL loses no committed transaction on a process crash, only on power loss.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA);
      return new AuditStore(target, db);
    } catch (error) {
      db?.close();
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `cannot open the audit database ${target}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Appends one decision and returns it with its id. */
  append(entry: NewAuditEntry): AuditEntry {
    const { time, request_id, input_sha256, model_version, priority, probability } = entry;
    const result = this.#insert.run({ time, request_id, input_sha256, model_version, priority, probability });
    return { id: Number(result.lastInsertRowid), ...entry };
  }

  /** Entries in trail order, after `afterId`, at most `limit`. */
  list(options: ListAuditOptions = {}): AuditEntry[] {
    return this.#list.all(options.afterId ?? 0, options.limit ?? 100) as AuditEntry[];
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
