// The question log in SQLite (the interface the bot sees is in questions.ts): every question asked on Discord,
// answered or not, and the members' 👍/👎 on the answers, for /stats. It never delays or breaks an answer: a
// question is queued when it is asked and written once the reply is sent (flush). A database that fails (locked,
// read-only, damaged, removed, a full disk) costs one warning, not one per question: the log backs off, keeps what
// is queued (up to a bound) and tries again a minute later.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Logger } from '../log.js';
import { describeFailure } from './failure.js';
import { memberHash, memberKey } from './member-key.js';
import { databaseFile, openStore, type Store } from './open.js';
import type { AskedQuestion, QuestionRow } from './asked.js';
import { scrubMentions, type LogRead, type QuestionLog, type Vote } from './questions.js';
import { emptyStats, questionRows, questionStats, statsPeriod, type QuestionStats } from './stats.js';

export interface QuestionLogOptions {
  dataDir: string;
  /** LOG_QUESTIONS: when false nothing is recorded and no file is created (old rows are still purged). */
  enabled: boolean;
  /** QUESTION_RETENTION_DAYS. */
  retentionDays: number;
  log: Logger;
  /** The clock (tests move it). */
  now?: () => number;
  /** How long the log waits after a failure before it touches the database again. Default a minute. */
  retryMs?: number;
  busyTimeoutMs?: number;
  /** A cap on the database file's size (see StoreOptions.maxBytes). Default: none. */
  maxDatabaseBytes?: number;
  /** At most this many questions wait while the database fails; past it the oldest are dropped. */
  maxQueued?: number;
}

const MAX_QUESTION_CHARS = 2000;
const DAY_MS = 86_400_000;

/** The question log in the store's SQLite database. */
export class SqliteQuestionLog implements QuestionLog {
  private store: OpenLog | undefined;
  private readonly queue: Array<AskedQuestion & { id: string; askedAt: number }> = [];
  private failing = false;
  private failedAt = 0;
  private lastReason = '';
  private dropped = 0;
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly file: string;

  constructor(private readonly options: QuestionLogOptions) {
    this.now = options.now ?? Date.now;
    this.file = databaseFile(options.dataDir);
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Queues a question; returns the id that feedback on its answer refers to (undefined when the log is off). */
  record(question: AskedQuestion): string | undefined {
    const now = this.now();
    return this.recordAs(question, questionId(now), now);
  }

  /** Queues a question whose id and time were made elsewhere (the thread that answers, see log-thread.ts). */
  recordAs(question: AskedQuestion, id: string, askedAt: number): string | undefined {
    if (!this.options.enabled) return undefined;
    // Mentions are replaced here, at the door, so that no member id reaches the database through a question's text.
    this.queue.push({
      ...question,
      question: scrubMentions(question.question).slice(0, MAX_QUESTION_CHARS),
      id,
      askedAt,
    });
    if (this.queue.length > (this.options.maxQueued ?? 10_000)) {
      this.queue.shift();
      this.dropped += 1;
    }
    return id;
  }

  /** Writes the queued questions: called once a reply is sent. Never throws. */
  flush(): void {
    if (this.queue.length === 0) return;
    this.use((store) => {
      const batch = this.queue.slice();
      store.insertQuestions(batch);
      this.queue.splice(0, batch.length);
    });
  }

  /**
   * One member's vote on an answer; voting again replaces it. Returns whether it was stored (false: the log is off
   * or failing, or the question is not in the log, e.g. purged). Never throws.
   */
  vote(questionId: string, memberId: string, vote: Vote): boolean {
    if (!this.options.enabled) return false;
    // The question may still wait in the queue when a member is quick.
    this.flush();
    return (
      this.use((store) =>
        store.vote(questionId, memberHash(store.memberKey(), memberId), vote === 'up' ? 1 : -1, this.now()),
      ) ?? false
    );
  }

  /** The figures of the last `days` days (today included, UTC days), for /stats and `npm run stats`. */
  stats(days: number): LogRead<QuestionStats> {
    const period = statsPeriod(days, this.now());
    return this.read(
      (db) => questionStats(db, period),
      () => emptyStats(period),
    );
  }

  /** Every question of the last `days` days, oldest first, with its votes: the CSV. */
  rows(days: number): LogRead<QuestionRow[]> {
    const period = statsPeriod(days, this.now());
    return this.read(
      (db) => questionRows(db, period),
      () => [],
    );
  }

  /** Deletes the questions (and their feedback) older than the retention; returns how many. Never throws. */
  purge(): number | undefined {
    const before = this.now() - this.options.retentionDays * DAY_MS;
    const removed = this.use((store) => store.purge(before), { create: this.options.enabled });
    if (removed)
      this.options.log.info(
        { removed, retentionDays: this.options.retentionDays },
        'question log: old questions deleted',
      );
    return removed;
  }

  /** Purges now and then once a day, without keeping the process alive. */
  startRetention(): void {
    this.purge();
    this.purgeTimer ??= setInterval(() => this.purge(), DAY_MS).unref();
  }

  /** Writes what is queued (one last try, even while backing off) and closes the database. */
  close(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.purgeTimer = undefined;
    if (this.queue.length > 0) {
      this.failedAt = -Infinity;
      this.flush();
    }
    this.closeStore();
  }

  /**
   * Reads without creating a database: none yet means nothing was logged. A moderator asking is worth a try even while
   * backing off.
   */
  private read<T>(work: (db: OpenLog['db']) => T, empty: () => T): LogRead<T> {
    this.flush();
    if (this.failing) this.failedAt = -Infinity;
    const value = this.use((store) => work(store.db), { create: false });
    if (this.failing) return { ok: false, reason: this.lastReason };
    return { ok: true, value: value ?? empty() };
  }

  /** Runs `work` on the open database, opening it if needed; a failure is logged once and backed off from. */
  private use<T>(work: (store: OpenLog) => T, { create = true } = {}): T | undefined {
    if (this.failing && this.now() < this.failedAt + (this.options.retryMs ?? 60_000)) return undefined;
    try {
      const store = this.opened(create);
      if (!store) return undefined;
      const result = work(store);
      this.recovered();
      return result;
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  private opened(create: boolean): OpenLog | undefined {
    if (this.store && !this.store.stillInPlace()) {
      // An open file that was deleted (or its folder) still takes writes, which would then be lost: start a new one.
      this.closeStore();
      this.warnOnce(
        'the database file was removed while the bot ran: a new one is started ' +
          '(what it held is gone); answers are not affected',
      );
    }
    if (!this.store) {
      if (!create && !existsSync(this.file)) return undefined;
      const { busyTimeoutMs, maxDatabaseBytes } = this.options;
      const store = openStore(this.options.dataDir, {
        ...(busyTimeoutMs !== undefined && { busyTimeoutMs }),
        ...(maxDatabaseBytes !== undefined && { maxBytes: maxDatabaseBytes }),
      });
      try {
        this.store = new OpenLog(store, this.options.dataDir);
      } catch (error) {
        store.close();
        throw error;
      }
    }
    return this.store;
  }

  private failed(error: unknown): void {
    this.closeStore();
    this.failedAt = this.now();
    this.lastReason = describeFailure(error);
    if (this.failing) {
      this.options.log.debug({ reason: this.lastReason }, 'question log: still failing');
      return;
    }
    this.failing = true;
    this.options.log.warn(
      { file: this.file, code: (error as { code?: string })?.code },
      `question log: ${this.lastReason}. Questions are not logged ` +
        `until it works again (tried every minute); answers are not affected.`,
    );
  }

  private warnOnce(reason: string): void {
    if (this.failing) return;
    this.lastReason = reason;
    this.options.log.warn({ file: this.file }, `question log: ${reason}.`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.options.log.info({ file: this.file, lost: this.dropped }, 'question log: writing again');
    this.dropped = 0;
  }

  private closeStore(): void {
    try {
      this.store?.close();
    } catch {
      // Closing a database that failed can fail too; there is nothing left to save.
    }
    this.store = undefined;
  }
}

/** The open database with the log's prepared statements. */
class OpenLog {
  readonly db: Store['db'];
  private readonly identity: { dev: number; ino: number };
  private key: Buffer | undefined;
  private readonly insert: Statement;
  private readonly upsertVote: Statement;
  private readonly deleteOld: Statement;

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
  ) {
    this.db = store.db;
    const stat = statSync(store.file);
    this.identity = { dev: stat.dev, ino: stat.ino };
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO questions (id, asked_at, source, guild_id, question,
         keywords, topic, top_slug, confidence, abstained, results, took_ms)
       VALUES (@id, @askedAt, @source, @guildId, @question,
               @keywords, @topic, @topSlug, @confidence, @abstained, @results, @tookMs)`,
    );
    // A vote for a question the log does not hold (purged, or asked while the log failed) is not stored.
    this.upsertVote = this.db.prepare(
      `INSERT INTO feedback (question_id, voter, vote, voted_at) SELECT @questionId, @voter, @vote, @at
       WHERE EXISTS (SELECT 1 FROM questions WHERE id = @questionId)
       ON CONFLICT (question_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
    );
    this.deleteOld = this.db.prepare('DELETE FROM questions WHERE asked_at < ?');
  }

  readonly insertQuestions = (questions: Array<AskedQuestion & { id: string; askedAt: number }>): void => {
    this.db
      .transaction(() => {
        for (const q of questions) {
          this.insert.run({
            id: q.id,
            askedAt: q.askedAt,
            source: q.source,
            guildId: q.guildId,
            question: q.question,
            keywords: JSON.stringify(q.keywords),
            topic: topicOf(q.keywords),
            topSlug: q.topSlug,
            confidence: q.confidence,
            abstained: q.abstained ? 1 : 0,
            results: q.results,
            tookMs: q.tookMs,
          });
        }
        // The write lock first (waiting its turn): a transaction that read before writing could find another process's
        // commit in between, which SQLite answers "busy" at once.
      })
      .immediate();
  };

  vote(questionId: string, voter: string, vote: 1 | -1, at: number): boolean {
    return this.upsertVote.run({ questionId, voter, vote, at }).changes > 0;
  }

  purge(before: number): number {
    const removed = this.deleteOld.run(before).changes;
    // secure_delete zeroed the rows in the database; the journal still holds them until it is emptied.
    if (removed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  }

  memberKey(): Buffer {
    this.key ??= memberKey(this.dataDir);
    return this.key;
  }

  /** Whether the file opened is still the one at DATA_DIR's path (not deleted, not replaced). */
  stillInPlace(): boolean {
    try {
      const stat = statSync(this.store.file);
      return stat.ino === this.identity.ino && stat.dev === this.identity.dev;
    } catch {
      return false;
    }
  }

  close(): void {
    this.store.close();
  }
}

/**
 * 12 hex digits of the time in milliseconds, then 12 random ones: unique across shards, and in time order, so that
 * each new row lands at the end of the table's tree (a write touches the same few pages, and stays cheap).
 */
export function questionId(now: number): string {
  return `${Math.max(0, Math.trunc(now)).toString(16).padStart(12, '0')}${randomBytes(6).toString('hex')}`;
}

/** What unanswered questions are grouped by: the same keywords in any order. */
export function topicOf(keywords: readonly string[]): string {
  return [...new Set(keywords)].sort().join(' ');
}
