import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore, type NewAuditEntry } from './audit-store.js';

const entry = (n: number): NewAuditEntry => ({
  time: `2026-01-01T00:00:0${n}.000Z`,
  request_id: `req-${n}`,
  input_sha256: String(n).repeat(64),
  model_version: 'v1',
  priority: 'urgent',
  probability: n / 10,
});

describe('AuditStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends and lists entries in order, in a WAL database that survives reopening', () => {
    const path = join(dir, 'nested', 'audit.sqlite');
    const store = AuditStore.open(path);
    expect(store.append(entry(1))).toEqual({ id: 1, ...entry(1) });
    store.append(entry(2));
    store.append(entry(3));
    expect(store.list({ afterId: 1, limit: 1 })).toEqual([{ id: 2, ...entry(2) }]);
    store.close();
    const reopened = AuditStore.open(path);
    expect(reopened.list().map((e) => e.request_id)).toEqual(['req-1', 'req-2', 'req-3']);
    reopened.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const columns = (db.pragma('table_info(triage_audit)') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'time', 'request_id', 'input_sha256', 'model_version', 'priority', 'probability']);
    db.close();
  });

  it('refuses updates, deletes and values outside the schema', () => {
    const path = join(dir, 'audit.sqlite');
    const store = AuditStore.open(path);
    store.append(entry(1));
    expect(() => store.append({ ...entry(2), priority: 'later' as never })).toThrow(/CHECK constraint/);
    expect(() => store.append({ ...entry(2), probability: 1.5 })).toThrow(/CHECK constraint/);
    expect(() => store.append({ ...entry(2), input_sha256: 'abc' })).toThrow(/CHECK constraint/);
    store.close();
    const db = new Database(path);
    expect(() => db.prepare('DELETE FROM triage_audit').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE triage_audit SET priority = 'routine'").run()).toThrow(/append-only/);
    db.close();
    const again = AuditStore.open(path);
    expect(again.list()).toEqual([{ id: 1, ...entry(1) }]);
    again.close();
  });

  it('reports a path it cannot open as INVALID_ARGUMENT', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    expect(() => AuditStore.open(join(file, 'audit.sqlite'))).toThrow(/cannot open the audit database/);
  });
});
