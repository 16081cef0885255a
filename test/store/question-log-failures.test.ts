// A database that fails never stops an answer: each failure (locked, read-only, damaged, removed, unusable folder,
// full disk, newer schema) gives every question its id, logs ONE warning however many questions follow, and the log
// picks up again once the database works.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/open.js';
import { tempDir } from '../content/factories.js';
import { ask, asked, countQuestions, testLog, type TestLog } from './factories.js';

const QUESTIONS = 20;
const RETRY_MS = 60_000;

/**
 * Asks like a busy channel: every question gets its id (the answer goes out with its buttons) whatever the database
 * does.
 */
function askMany(t: TestLog, count = QUESTIONS, text = 'question'): Array<string | undefined> {
  return Array.from({ length: count }, (_, n) => ask(t.questions, asked({ question: `${text} ${n}` })));
}

function expectAnsweredWithOneWarning(t: TestLog, ids: Array<string | undefined>, reason: RegExp): void {
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
  expect(t.warnings()).toHaveLength(1);
  expect(t.warnings()[0]).toMatch(reason);
  expect(t.warnings()[0]).toMatch(/answers are not affected/);
}

describe('the question log when its database fails', () => {
  it('an exclusive lock held by another connection: one warning, and nothing lost once the lock is gone', () => {
    const t = testLog({ busyTimeoutMs: 20 });
    ask(t.questions);
    const other = new Database(path.join(t.dataDir, DATABASE_FILE));
    other.exec('BEGIN EXCLUSIVE');
    const ids = askMany(t);
    expect(t.questions.vote(ids[0]!, '412345678901234567', 'up')).toBe(false);
    expectAnsweredWithOneWarning(t, ids, /locked by another program/);
    other.exec('COMMIT');
    other.close();
    t.clock.now += RETRY_MS;
    ask(t.questions);
    expect(countQuestions(t.dataDir)).toBe(1 + QUESTIONS + 1);
    expect(t.warnings()).toHaveLength(1);
    expect(t.lines.some((line) => line.includes('question log: writing again'))).toBe(true);
  });

  it('locked before the bot starts (another program in exclusive locking mode): one warning', () => {
    const dataDir = path.join(tempDir(), 'data');
    mkdirSync(dataDir);
    const other = new Database(path.join(dataDir, DATABASE_FILE));
    other.pragma('journal_mode = WAL');
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('CREATE TABLE held (x); INSERT INTO held VALUES (1)');
    const t = testLog({ dataDir, busyTimeoutMs: 20 });
    const ids = askMany(t);
    t.clock.now += RETRY_MS;
    ids.push(...askMany(t, 5, 'later'));
    expectAnsweredWithOneWarning(t, ids, /locked by another program/);
    expect(t.questions.stats(7)).toEqual({ ok: false, reason: 'the database is locked by another program' });
    other.close();
    t.questions.close();
    expect(countQuestions(dataDir)).toBe(QUESTIONS + 5);
  });

  it('a damaged file (garbage bytes): one warning, and /stats says why it cannot read', () => {
    const dataDir = path.join(tempDir(), 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, DATABASE_FILE), Buffer.alloc(16_384, 'not a database '));
    const t = testLog({ dataDir });
    const ids = askMany(t);
    t.clock.now += RETRY_MS;
    ids.push(...askMany(t, 5, 'later'));
    expectAnsweredWithOneWarning(t, ids, /damaged or is not a SQLite database: move it away/);
    expect(t.questions.stats(7)).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged/) });
    expect(t.warnings()).toHaveLength(1);
  });

  it('DATA_DIR deleted while the bot runs: one warning, and a new database takes the next questions', () => {
    const t = testLog();
    askMany(t, 3, 'before');
    rmSync(t.dataDir, { recursive: true });
    const ids = askMany(t);
    expectAnsweredWithOneWarning(t, ids, /removed while the bot ran/);
    expect(countQuestions(t.dataDir)).toBe(QUESTIONS);
  });

  it('DATA_DIR that cannot be a folder (a file is in the way): one warning', () => {
    const parent = tempDir();
    writeFileSync(path.join(parent, 'file'), 'x');
    const t = testLog({ dataDir: path.join(parent, 'file', 'data') });
    const ids = askMany(t);
    t.clock.now += RETRY_MS;
    ids.push(...askMany(t, 5, 'later'));
    expectAnsweredWithOneWarning(t, ids, /cannot be opened \(check DATA_DIR\)/);
  });

  it('a full disk (SQLite answering SQLITE_FULL): one warning, the questions before it kept', () => {
    const t = testLog({ maxDatabaseBytes: 96 * 1024 });
    const long = 'where should a compost heap stand in a garden that gets little sun? '.repeat(25);
    const ids = askMany(t, 100, long);
    t.clock.now += RETRY_MS;
    ids.push(...askMany(t, 5, long));
    expectAnsweredWithOneWarning(t, ids, /the disk is full/);
    const kept = countQuestions(t.dataDir);
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(100);
  });

  it('a database from a newer blogbot: one warning naming the versions', () => {
    const t = testLog();
    ask(t.questions);
    t.questions.close();
    const db = new Database(path.join(t.dataDir, DATABASE_FILE));
    db.pragma('user_version = 99');
    db.close();
    const again = testLog({ dataDir: t.dataDir });
    const ids = askMany(again);
    expectAnsweredWithOneWarning(again, ids, /schema version 99, newer than this blogbot knows/);
  });

  it('keeps at most maxQueued questions while failing, and says how many were lost once it writes again', () => {
    const t = testLog({ busyTimeoutMs: 20, maxQueued: 5 });
    ask(t.questions);
    const other = new Database(path.join(t.dataDir, DATABASE_FILE));
    other.exec('BEGIN EXCLUSIVE');
    askMany(t, 8);
    other.exec('ROLLBACK');
    other.close();
    t.clock.now += RETRY_MS;
    t.questions.flush();
    expect(countQuestions(t.dataDir)).toBe(1 + 5);
    const recovered = t.lines
      .map((line) => JSON.parse(line) as { msg: string; lost?: number })
      .find((line) => line.msg === 'question log: writing again');
    expect(recovered?.lost).toBe(3);
  });
});
