// How an answer becomes a logged question (its shape is in asked.ts), and what the bot may do with the question log
// (the interface the front doors and commands get). No database here: importing this costs nothing.
import type { Answer } from '../answer.js';
import type { AskedQuestion, QuestionRow, SourceKind } from './asked.js';
import type { QuestionStats } from './stats.js';

export type Vote = 'up' | 'down';

/** The log's view of an answer. */
export function askedQuestion(answer: Answer, source: SourceKind, guildId: string | null): AskedQuestion {
  const top = answer.results[0];
  return {
    source,
    guildId,
    question: answer.query,
    keywords: answer.keywords,
    topSlug: top?.slug ?? null,
    confidence: top ? top.confidence : null,
    abstained: top === undefined,
    results: answer.results.length,
    tookMs: answer.tookMs,
  };
}

/** `<@id>`, `<@!id>` → @member, `<@&id>` → @role. */
export function scrubMentions(text: string): string {
  return text.replace(/<@&\d+>/g, '@role').replace(/<@!?\d+>/g, '@member');
}

/** What reading the log gives: the result, or why it could not be read, or that the log is off. */
export type LogRead<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * What the bot uses of the question log: the front doors and commands get this, never the database. `record` is
 * synchronous (the answer's buttons need the id at once); the rest may answer later (the bot's log writes in a
 * thread of its own), so callers await them.
 */
export interface QuestionLog {
  /** LOG_QUESTIONS. */
  readonly enabled: boolean;
  /** Queues a question; returns the id that feedback on its answer refers to (undefined when the log is off). */
  record(question: AskedQuestion): string | undefined;
  /** Writes the queued questions: called once a reply is sent. Never throws. */
  flush(): void;
  /** One member's vote on an answer; voting again replaces it. Whether it was stored. Never throws. */
  vote(questionId: string, memberId: string, vote: Vote): boolean | Promise<boolean>;
  /** The figures of the last `days` days (today included, UTC days). */
  stats(days: number): LogRead<QuestionStats> | Promise<LogRead<QuestionStats>>;
  /** Every question of the last `days` days, oldest first, with its votes: the CSV. */
  rows(days: number): LogRead<QuestionRow[]> | Promise<LogRead<QuestionRow[]>>;
}
