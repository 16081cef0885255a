// Scores answers against question sets: right post first (hit@1), in the top three (hit@3), MRR,
// whether the first excerpt holds the evidence phrase (evidence@1, and within a fixed length), how often unanswerable
// questions abstain, the precision of confident answers, whether the right post is among the first three cards shown
// (helpful@3), and how often an unanswerable question gets no card at all (the three tiers: confident, may help, no
// good match).
import { readFile } from 'node:fs/promises';

/**
 * The length, in plain characters from the start of the first excerpt, within which evidence@1 at a fixed length
 * counts the evidence phrase: the excerpt size (EXCERPT_CHARS) when the measure was introduced. Fixed here, not read
 * from the code, so that a longer excerpt cannot buy the score.
 */
export const EVIDENCE_WINDOW_CHARS = 350;

export interface Question {
  q: string;
  /** The post that answers it; null when nothing in the essays does (the bot should abstain). */
  slug: string | null;
  /** A phrase of the answering passage; the first excerpt should contain it. */
  evidence: string | null;
  /** Optional split tag (e.g. "tune" / "holdout") for held-out checks. */
  split?: string;
}

export interface QuestionSet {
  about?: string;
  questions: Question[];
}

/** What scoring needs from one answer: the results in order, each with its slug and excerpt (Markdown). */
export interface ScoredAnswer {
  results: ReadonlyArray<{ slug: string; excerpt: string }>;
  /** Posts offered when there is no confident answer ("not sure — these may help"), best first. */
  related?: ReadonlyArray<{ slug: string }>;
}

export type Ask = (question: string) => ScoredAnswer | Promise<ScoredAnswer>;

export interface Miss {
  q: string;
  expected: string | null;
  got: string | null;
  /** Why it counts as a miss: wrong post, evidence not in the first excerpt, or answered when it should abstain. */
  kind: 'wrong-post' | 'no-evidence' | 'no-abstain';
  excerpt: string;
  evidence: string | null;
}

export interface Scores {
  answerable: number;
  unanswerable: number;
  hit1: number;
  hit3: number;
  mrr: number;
  evidence1: number;
  /** Like evidence1, with the evidence phrase counted only within the first EVIDENCE_WINDOW_CHARS plain characters. */
  evidence1Fixed: number;
  /** Share of unanswerable questions with no results (NaN when the set has none). */
  abstain: number;
  /** Share of confident answers (any question answered with results) whose first post is right. */
  precision: number;
  /** Share of answerable questions whose post is among the first three cards shown, confident or "may help". */
  helpful3: number;
  /** Share of answerable questions given a confident answer. */
  answered: number;
  /** Share of unanswerable questions answered "no good match" with no card at all, not even one that may help. */
  nothing: number;
  misses: Miss[];
}

/** Excerpt text as the judges compare it: no ** bold markers, no Markdown escapes, case and white space aside. */
export function plainForEvidence(markdown: string): string {
  return normalizeSpace(unmark(markdown));
}

/** The excerpt as a reader would read it aloud: without ** bold markers and Markdown backslash escapes. */
function unmark(markdown: string): string {
  return markdown.replace(/\*\*/g, '').replace(/\\([\\`*_{}[\]()#+\-.!|~>])/g, '$1');
}

function normalizeSpace(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether the excerpt holds the evidence phrase, all of it within its first `withinChars` plain characters. */
export function containsEvidence(excerptMarkdown: string, evidence: string, withinChars = Infinity): boolean {
  return normalizeSpace(unmark(excerptMarkdown).slice(0, withinChars)).includes(normalizeSpace(evidence));
}

export async function readQuestionSet(file: string): Promise<QuestionSet> {
  const data = JSON.parse(await readFile(file, 'utf8')) as QuestionSet;
  if (!Array.isArray(data.questions)) throw new Error(`${file}: no "questions" array`);
  return data;
}

export async function score(questions: readonly Question[], ask: Ask): Promise<Scores> {
  let answerable = 0;
  let unanswerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let evidence1 = 0;
  let evidence1Fixed = 0;
  let abstained = 0;
  let confident = 0;
  let confidentRight = 0;
  let helpful = 0;
  let answeredCount = 0;
  let nothing = 0;
  const misses: Miss[] = [];
  for (const question of questions) {
    const answer = await ask(question.q);
    const first = answer.results[0];
    const got = first?.slug ?? null;
    const excerpt = first?.excerpt ?? '';
    if (first) confident++;
    if (question.slug === null) {
      unanswerable++;
      if (answer.results.length === 0) abstained++;
      if (answer.results.length === 0 && (answer.related ?? []).length === 0) nothing++;
      else misses.push({ q: question.q, expected: null, got, kind: 'no-abstain', excerpt, evidence: null });
      continue;
    }
    answerable++;
    if (first) answeredCount++;
    if (first?.slug === question.slug) confidentRight++;
    const cards = [...answer.results, ...(answer.related ?? [])].slice(0, 3);
    if (cards.some((card) => card.slug === question.slug)) helpful++;
    const rank = answer.results.findIndex((result) => result.slug === question.slug);
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    const hasEvidence = rank === 0 && (question.evidence === null || containsEvidence(excerpt, question.evidence));
    if (hasEvidence) evidence1++;
    const inWindow = question.evidence === null || containsEvidence(excerpt, question.evidence, EVIDENCE_WINDOW_CHARS);
    if (hasEvidence && inWindow) evidence1Fixed++;
    if (rank !== 0)
      misses.push({
        q: question.q,
        expected: question.slug,
        got,
        kind: 'wrong-post',
        excerpt,
        evidence: question.evidence,
      });
    else if (!hasEvidence)
      misses.push({
        q: question.q,
        expected: question.slug,
        got,
        kind: 'no-evidence',
        excerpt,
        evidence: question.evidence,
      });
  }
  const share = (count: number, total: number) => (total === 0 ? Number.NaN : count / total);
  return {
    answerable,
    unanswerable,
    hit1: share(hit1, answerable),
    hit3: share(hit3, answerable),
    mrr: share(reciprocal, answerable),
    evidence1: share(evidence1, answerable),
    evidence1Fixed: share(evidence1Fixed, answerable),
    abstain: share(abstained, unanswerable),
    precision: share(confidentRight, confident),
    helpful3: share(helpful, answerable),
    answered: share(answeredCount, answerable),
    nothing: share(nothing, unanswerable),
    misses,
  };
}

export function formatScores(name: string, scores: Scores): string {
  const f = (value: number) => (Number.isNaN(value) ? '   –  ' : value.toFixed(3).padStart(6));
  const counts = `n=${String(scores.answerable).padStart(3)}+${String(scores.unanswerable).padEnd(3)}`;
  return [
    `${name.padEnd(28)} ${counts} hit@1 ${f(scores.hit1)}`,
    `hit@3 ${f(scores.hit3)}`,
    `MRR ${f(scores.mrr)}`,
    `evidence@1 ${f(scores.evidence1)}`,
    `in ${EVIDENCE_WINDOW_CHARS} chars ${f(scores.evidence1Fixed)}`,
    `abstain ${f(scores.abstain)}`,
    `precision ${f(scores.precision)}`,
    `helpful@3 ${f(scores.helpful3)}`,
    `no card ${f(scores.nothing)}`,
  ].join('  ');
}
