// The bot's question log, written in a thread of its own. The thread that answers only hands each question over (a
// message: microseconds); the log's thread writes it at once (a burst in one transaction). SQLite's writes, its
// fsyncs at checkpoints and a locked database's waits happen there, so they can never hold an answer up. That thread
// hosts a SqliteQuestionLog; should it fail to
// start or stop, one warning is logged and the log carries on in the answering thread.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { Logger } from '../log.js';
import { questionId, SqliteQuestionLog, type QuestionLogOptions } from './question-log.js';
import type { AskedQuestion, QuestionRow } from './asked.js';
import type { LogRead, QuestionLog, Vote } from './questions.js';
import type { QuestionStats } from './stats.js';
import { startWorker } from '../worker-thread.js';

const WORKER_KIND = 'blogbot-question-log';
const CLOSE_WAIT_MS = 5000;

type Settings = Pick<QuestionLogOptions, 'dataDir' | 'enabled' | 'retentionDays'>;

type Request =
  | { type: 'flush' }
  | { type: 'vote'; questionId: string; memberId: string; vote: Vote }
  | { type: 'stats'; days: number }
  | { type: 'rows'; days: number }
  | { type: 'close' };

type ToThread =
  | { type: 'record'; question: AskedQuestion; id: string; askedAt: number }
  | { type: 'retention' }
  | (Request & { request: number });

type FromThread = { type: 'reply'; request: number; value: unknown } | { type: 'log'; line: string };

export class ThreadedQuestionLog implements QuestionLog {
  private worker: Worker | undefined;
  /** The log in this thread, once the log's own thread has stopped. */
  private fallback: SqliteQuestionLog | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; lost: unknown }>();
  private nextRequest = 1;
  private closed = false;
  private retention = false;

  constructor(
    private readonly settings: Settings,
    private readonly log: Logger,
  ) {
    try {
      const worker = spawn(settings);
      worker.on('message', (message: FromThread) => this.received(message));
      worker.on('error', (error) => this.stopped(error));
      worker.on('exit', (code) => this.stopped(new Error(`it exited with code ${code}`)));
      // It keeps the process alive only while an answer from it is awaited (see request): close() is what waits for it.
      worker.unref();
      this.worker = worker;
    } catch (error) {
      this.stopped(error);
    }
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  record(question: AskedQuestion): string | undefined {
    if (!this.settings.enabled) return undefined;
    const now = Date.now();
    const id = questionId(now);
    if (this.fallback) return this.fallback.recordAs(question, id, now);
    this.post({ type: 'record', question, id, askedAt: now });
    return id;
  }

  /** The log's thread writes the questions as they arrive: nothing is left for the answering thread to do. */
  flush(): void {
    this.fallback?.flush();
  }

  /** Resolves once every question recorded so far is written (or could not be: that is logged). */
  written(): Promise<void> {
    if (this.fallback) return Promise.resolve(this.fallback.flush());
    return this.request<void>({ type: 'flush' }, undefined);
  }

  vote(questionId: string, memberId: string, vote: Vote): Promise<boolean> {
    if (this.fallback) return Promise.resolve(this.fallback.vote(questionId, memberId, vote));
    return this.request<boolean>({ type: 'vote', questionId, memberId, vote }, false);
  }

  stats(days: number): Promise<LogRead<QuestionStats>> {
    if (this.fallback) return Promise.resolve(this.fallback.stats(days));
    return this.request<LogRead<QuestionStats>>(
      { type: 'stats', days },
      { ok: false, reason: 'the question log stopped' },
    );
  }

  rows(days: number): Promise<LogRead<QuestionRow[]>> {
    if (this.fallback) return Promise.resolve(this.fallback.rows(days));
    return this.request<LogRead<QuestionRow[]>>(
      { type: 'rows', days },
      { ok: false, reason: 'the question log stopped' },
    );
  }

  /** Purges the questions past the retention now, then daily. */
  startRetention(): void {
    this.retention = true;
    if (this.fallback) this.fallback.startRetention();
    else this.post({ type: 'retention' });
  }

  /** Writes what is queued and closes the database; waits for the log's thread at most `timeoutMs`. */
  async close(timeoutMs = CLOSE_WAIT_MS): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.fallback) {
      this.fallback.close();
      return;
    }
    const worker = this.worker!;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.request({ type: 'close' }, undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    await worker.terminate();
  }

  private request<T>(message: Request, lost: T): Promise<T> {
    const request = this.nextRequest++;
    return new Promise<T>((resolve) => {
      this.pending.set(request, { resolve: resolve as (value: unknown) => void, lost });
      this.worker?.ref();
      this.post({ ...message, request });
    });
  }

  private post(message: ToThread): void {
    try {
      this.worker!.postMessage(message);
    } catch (error) {
      this.stopped(error);
    }
  }

  private received(message: FromThread): void {
    if (message.type === 'log') {
      // The log's thread logs through this thread's logger, at the level it chose.
      const {
        level,
        msg,
        time: _time,
        ...fields
      } = JSON.parse(message.line) as { level: number; msg: string; time?: number };
      const label = pino.levels.labels[level] as 'debug' | 'info' | 'warn' | 'error' | undefined;
      if (label && typeof this.log[label] === 'function') this.log[label](fields, msg);
      return;
    }
    const waiting = this.pending.get(message.request);
    this.pending.delete(message.request);
    if (this.pending.size === 0) this.worker?.unref();
    waiting?.resolve(message.value);
  }

  /** The log's thread failed or ended: from now on the log is kept in this thread. */
  private stopped(error: unknown): void {
    this.worker = undefined;
    for (const { resolve, lost } of this.pending.values()) resolve(lost);
    this.pending.clear();
    if (this.closed || this.fallback) return;
    this.log.warn(
      { err: error },
      'question log: its thread stopped; the log goes on in the main thread (questions in flight may be lost)',
    );
    this.fallback = new SqliteQuestionLog({ ...this.settings, log: this.log });
    if (this.retention) this.fallback.startRetention();
  }
}

/** The log's thread, from this very file (through tsx's loader when the bot runs from its TypeScript sources). */
function spawn(settings: Settings): Worker {
  return startWorker(import.meta.url, { kind: WORKER_KIND, settings });
}

if (!isMainThread && parentPort && (workerData as { kind?: string } | undefined)?.kind === WORKER_KIND) {
  const port = parentPort;
  const log = pino(
    { level: 'debug', base: undefined },
    { write: (line: string) => port.postMessage({ type: 'log', line } satisfies FromThread) },
  );
  const questions = new SqliteQuestionLog({ ...(workerData as { settings: Settings }).settings, log });
  const reply = (request: number, value: unknown) =>
    port.postMessage({ type: 'reply', request, value } satisfies FromThread);
  // The questions that arrive together (a burst) are written together, in one transaction.
  let writing: NodeJS.Immediate | undefined;
  port.on('message', (message: ToThread) => {
    switch (message.type) {
      case 'record':
        questions.recordAs(message.question, message.id, message.askedAt);
        writing ??= setImmediate(() => {
          writing = undefined;
          questions.flush();
        });
        break;
      case 'retention':
        questions.startRetention();
        break;
      case 'flush':
        questions.flush();
        reply(message.request, undefined);
        break;
      case 'vote':
        reply(message.request, questions.vote(message.questionId, message.memberId, message.vote));
        break;
      case 'stats':
        reply(message.request, questions.stats(message.days));
        break;
      case 'rows':
        reply(message.request, questions.rows(message.days));
        break;
      case 'close':
        questions.close();
        reply(message.request, undefined);
        port.close();
        break;
    }
  });
}
