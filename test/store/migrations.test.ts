// The schema's versioned steps: a new database gets them all, a later step runs once on an existing database (as
// the announcements' table will), a failing step changes nothing, and a newer database is refused.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, NewerSchemaError } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../content/factories.js';

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
  ).map((row) => row.name);

describe('migrations', () => {
  it('bring a new database to the last version, in WAL mode with a busy timeout', () => {
    const store = openStore(path.join(tempDir(), 'data'), { busyTimeoutMs: 1234 });
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(store.db)).toEqual(['announce_sources', 'announced_posts', 'feedback', 'questions']);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('run a step appended later exactly once, keeping the rows already there', () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = openStore(dataDir);
    first.db
      .prepare(
        'INSERT INTO questions (id, asked_at, source, question, keywords, topic, abstained, results, took_ms) VALUES ' +
          "('q1', 0, 'slash', 'kept?', '[]', '', 1, 0, 1)",
      )
      .run();
    first.close();
    // Not idempotent on purpose: a second run would fail.
    const later = [
      ...MIGRATIONS,
      { name: 'announced posts', sql: 'CREATE TABLE announced (post_id TEXT PRIMARY KEY)' },
    ];
    for (let run = 0; run < 2; run++) {
      const store = openStore(dataDir, { migrations: later });
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
      expect(tables(store.db)).toEqual(['announce_sources', 'announced', 'announced_posts', 'feedback', 'questions']);
      expect(store.db.prepare('SELECT question FROM questions').all()).toEqual([{ question: 'kept?' }]);
      store.close();
    }
  });

  it('change nothing when a step fails', () => {
    const db = new Database(':memory:');
    const broken = [
      { name: 'good', sql: 'CREATE TABLE a (x)' },
      { name: 'bad', sql: 'CREATE TABLE b (x); THIS IS NOT SQL' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuse a database written by a newer blogbot', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(NewerSchemaError);
    expect(() => migrate(db)).toThrow(/newer than this blogbot knows/);
  });

  it('open an existing database only when asked to create nothing', () => {
    expect(() => openStore(path.join(tempDir(), 'absent'), { mustExist: true })).toThrow();
  });
});
