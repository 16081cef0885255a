// Small factories for the store tests: a question log in a fresh DATA_DIR with a clock the test moves, questions,
// and a look at the database as another program would see it.
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteQuestionLog, type QuestionLogOptions } from '../../src/store/question-log.js';
import type { AskedQuestion } from '../../src/store/asked.js';
import { DATABASE_FILE } from '../../src/store/open.js';
import { memoryLogger, tempDir } from '../content/factories.js';

export const DAY = 86_400_000;
/** 2025-03-10T12:00:00Z */
export const NOON = Date.UTC(2025, 2, 10, 12);

export function asked(overrides: Partial<AskedQuestion> = {}): AskedQuestion {
  return {
    source: 'slash',
    guildId: '100000000000000001',
    question: 'how do I compost?',
    keywords: ['compost'],
    topSlug: 'compost',
    confidence: 0.8,
    abstained: false,
    results: 2,
    tookMs: 1.5,
    ...overrides,
  };
}

export function unanswered(
  question: string,
  keywords: string[],
  overrides: Partial<AskedQuestion> = {},
): AskedQuestion {
  return asked({ question, keywords, topSlug: null, confidence: null, abstained: true, results: 0, ...overrides });
}

export interface TestLog {
  questions: SqliteQuestionLog;
  dataDir: string;
  clock: { now: number };
  /** The log's warn lines (their messages). */
  warnings: () => string[];
  lines: string[];
}

export function testLog(options: Partial<QuestionLogOptions> = {}): TestLog {
  const dataDir = options.dataDir ?? path.join(tempDir('blogbot-store-'), 'data');
  const clock = { now: NOON };
  const { log, lines } = memoryLogger();
  const questions = new SqliteQuestionLog({
    dataDir,
    enabled: true,
    retentionDays: 90,
    log,
    now: () => clock.now,
    ...options,
  });
  const warnings = () =>
    lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 40)
      .map((line) => line.msg);
  return { questions, dataDir, clock, warnings, lines };
}

/** Records and flushes, as the bot does for each question once its reply is sent. */
export function ask(log: SqliteQuestionLog, question: AskedQuestion = asked()): string | undefined {
  const id = log.record(question);
  log.flush();
  return id;
}

/** The database as another program sees it (read with a connection of its own). */
export function peek<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function countQuestions(dataDir: string): number {
  return peek<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM questions')[0]!.n;
}
