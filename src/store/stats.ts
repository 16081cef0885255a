// The figures /stats and `npm run stats` show, read from the question log: questions per day (answered and not),
// the unanswered questions grouped by their keywords (the content gaps), the most-answered posts, and 👍/👎 per
// post.
// Days are UTC days; a period of N days ends with today.
import type { Database } from 'better-sqlite3';
import type { QuestionRow } from './asked.js';

const DAY_MS = 86_400_000;
/** How many content gaps and posts are listed. */
export const TOP = 10;

export interface Period {
  days: number;
  /** First millisecond of the first day. */
  from: number;
  /** First millisecond after the last day (today). */
  to: number;
}

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  answered: number;
  unanswered: number;
}

export interface ContentGap {
  /** The keywords of the most recent question of the group, as parsed. */
  keywords: string[];
  /** The most recent question of the group, as asked. */
  example: string;
  count: number;
}

export interface QuestionStats {
  days: number;
  /** First and last day, YYYY-MM-DD (UTC). */
  from: string;
  to: string;
  questions: number;
  answered: number;
  unanswered: number;
  /** Every day of the period, oldest first, days without questions included. */
  perDay: DayCount[];
  /** The unanswered questions grouped by their keywords (in any order), the largest groups first, at most TOP. */
  topUnanswered: ContentGap[];
  /** The posts that were the best match most often, at most TOP. */
  topPosts: Array<{ slug: string; count: number }>;
  /** 👍/👎 per post over the answers of the period, most voted first. */
  feedback: Array<{ slug: string; up: number; down: number }>;
}

export function statsPeriod(days: number, now: number): Period {
  const whole = Math.max(1, Math.trunc(days));
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return { days: whole, from: today - (whole - 1) * DAY_MS, to: today + DAY_MS };
}

export function emptyStats(period: Period): QuestionStats {
  return {
    ...periodBounds(period),
    questions: 0,
    answered: 0,
    unanswered: 0,
    perDay: perDay(period, []),
    topUnanswered: [],
    topPosts: [],
    feedback: [],
  };
}

export function questionStats(db: Database, period: Period): QuestionStats {
  const range = { from: period.from, to: period.to };
  const totals = db
    .prepare(
      'SELECT count(*) AS questions, coalesce(sum(abstained = 0), 0) AS answered ' +
        'FROM questions WHERE asked_at >= @from AND asked_at < @to',
    )
    .get(range) as { questions: number; answered: number };
  const days = db
    .prepare(
      `SELECT asked_at / ${DAY_MS} AS day, sum(abstained = 0) AS answered, sum(abstained) AS unanswered
       FROM questions WHERE asked_at >= @from AND asked_at < @to GROUP BY day`,
    )
    .all(range) as Array<{ day: number; answered: number; unanswered: number }>;
  // With one max() in the query, SQLite takes the other bare columns from the row holding the maximum: the newest.
  const gaps = db
    .prepare(
      `SELECT count(*) AS count, question, keywords, max(asked_at) AS last FROM questions
       WHERE abstained = 1 AND topic <> '' AND asked_at >= @from AND asked_at < @to
       GROUP BY topic ORDER BY count DESC, last DESC LIMIT ${TOP}`,
    )
    .all(range) as Array<{ count: number; question: string; keywords: string }>;
  const posts = db
    .prepare(
      `SELECT top_slug AS slug, count(*) AS count FROM questions
       WHERE abstained = 0 AND asked_at >= @from AND asked_at < @to
       GROUP BY top_slug ORDER BY count DESC, slug LIMIT ${TOP}`,
    )
    .all(range) as Array<{ slug: string; count: number }>;
  const feedback = db
    .prepare(
      `SELECT q.top_slug AS slug, sum(f.vote = 1) AS up, sum(f.vote = -1) AS down
       FROM feedback f JOIN questions q ON q.id = f.question_id
       WHERE q.top_slug IS NOT NULL AND q.asked_at >= @from AND q.asked_at < @to
       GROUP BY q.top_slug ORDER BY up + down DESC, up DESC, slug`,
    )
    .all(range) as Array<{ slug: string; up: number; down: number }>;
  return {
    ...periodBounds(period),
    questions: totals.questions,
    answered: totals.answered,
    unanswered: totals.questions - totals.answered,
    perDay: perDay(period, days),
    topUnanswered: gaps.map((gap) => ({
      keywords: parseKeywords(gap.keywords),
      example: gap.question,
      count: gap.count,
    })),
    topPosts: posts,
    feedback,
  };
}

export function questionRows(db: Database, period: Period): QuestionRow[] {
  const rows = db
    .prepare(
      `SELECT q.asked_at, q.source, q.guild_id, q.question,
              q.keywords, q.top_slug, q.confidence, q.abstained, q.results, q.took_ms,
              coalesce(sum(f.vote = 1), 0) AS up, coalesce(sum(f.vote = -1), 0) AS down
       FROM questions q LEFT JOIN feedback f ON f.question_id = q.id
       WHERE q.asked_at >= @from AND q.asked_at < @to
       GROUP BY q.id ORDER BY q.asked_at, q.id`,
    )
    .all({ from: period.from, to: period.to }) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    askedAt: new Date(Number(row.asked_at)).toISOString(),
    source: String(row.source),
    guildId: row.guild_id === null ? null : String(row.guild_id),
    question: String(row.question),
    keywords: parseKeywords(String(row.keywords)),
    topSlug: row.top_slug === null ? null : String(row.top_slug),
    confidence: row.confidence === null ? null : Number(row.confidence),
    abstained: row.abstained === 1,
    results: Number(row.results),
    tookMs: Number(row.took_ms),
    up: Number(row.up),
    down: Number(row.down),
  }));
}

function periodBounds(period: Period): Pick<QuestionStats, 'days' | 'from' | 'to'> {
  return { days: period.days, from: isoDay(period.from), to: isoDay(period.to - DAY_MS) };
}

function perDay(period: Period, counts: Array<{ day: number; answered: number; unanswered: number }>): DayCount[] {
  const byDay = new Map(counts.map((count) => [count.day, count]));
  return Array.from({ length: period.days }, (_, i) => {
    const day = period.from / DAY_MS + i;
    const count = byDay.get(day);
    return { day: isoDay(day * DAY_MS), answered: count?.answered ?? 0, unanswered: count?.unanswered ?? 0 };
  });
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parseKeywords(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
