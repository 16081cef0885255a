// The eval's scores: evidence@1 counts the evidence anywhere in the first excerpt; at a fixed length only within its
// first EVIDENCE_WINDOW_CHARS plain characters, so a longer excerpt cannot buy that score.
import { describe, expect, it } from 'vitest';
import {
  containsEvidence,
  EVIDENCE_WINDOW_CHARS,
  formatScores,
  score,
  type Question,
  type ScoredAnswer,
} from '../../scripts/eval/score.js';

const EVIDENCE = 'the chip runs at seven watts';

function question(q: string, slug: string | null, evidence: string | null = EVIDENCE): Question {
  return { q, slug, evidence };
}

/** An answer whose first result is `slug` with `excerpt`. */
function answer(slug: string, excerpt: string): ScoredAnswer {
  return {
    results: [
      { slug, excerpt },
      { slug: 'other-post', excerpt: 'Something else.' },
    ],
  };
}

/** Filler text of exactly `length` characters. */
function filler(length: number): string {
  return 'word '.repeat(Math.ceil(length / 5)).slice(0, length);
}

describe('containsEvidence', () => {
  it('reads the excerpt without bold markers, escapes, case or line breaks', () => {
    expect(containsEvidence('**The** chip runs at\nseven \\*watts\\*', 'the chip runs at seven *watts*')).toBe(true);
  });

  it('within a length, counts the phrase only when all of it lies in the first plain characters', () => {
    const excerpt = `${filler(100)}${EVIDENCE}.`;
    expect(containsEvidence(excerpt, EVIDENCE, 100 + EVIDENCE.length)).toBe(true);
    expect(containsEvidence(excerpt, EVIDENCE, 100 + EVIDENCE.length - 1)).toBe(false);
  });

  it('counts plain characters: Markdown markup before the phrase does not push it out', () => {
    // 20 bold words ("**a** " is 6 characters, "a " 2 when read): the phrase ends at exactly the window in plain text.
    const plainBefore = EVIDENCE_WINDOW_CHARS - EVIDENCE.length;
    const marked = `${'**a** '.repeat(20)}${filler(plainBefore - 'a '.length * 20)}${EVIDENCE}`;
    expect(marked.length).toBeGreaterThan(EVIDENCE_WINDOW_CHARS);
    expect(containsEvidence(marked, EVIDENCE, EVIDENCE_WINDOW_CHARS)).toBe(true);
    expect(containsEvidence(`x${marked}`, EVIDENCE, EVIDENCE_WINDOW_CHARS)).toBe(false);
  });
});

describe('score', () => {
  const questions = [
    question('early', 'tpu'),
    question('late', 'tpu'),
    question('wrong post', 'tpu'),
    question('no phrase to find', 'tpu', null),
    question('unanswerable', null, null),
  ];
  const answers: Record<string, ScoredAnswer> = {
    // The phrase in the first passage.
    early: answer('tpu', `${filler(50)}${EVIDENCE}. ${filler(500)}`),
    // The phrase only in a second passage, past the fixed length.
    late: answer('tpu', `${filler(EVIDENCE_WINDOW_CHARS)}\n\n${EVIDENCE}.`),
    'wrong post': answer('gpu', `${EVIDENCE}.`),
    'no phrase to find': answer('tpu', 'Anything.'),
    unanswerable: { results: [] },
  };

  it('counts the phrase anywhere in the first excerpt for evidence@1, only early on at the fixed length', async () => {
    const scores = await score(questions, (q) => answers[q]!);
    expect(scores.answerable).toBe(4);
    expect(scores.hit1).toBe(3 / 4);
    expect(scores.evidence1).toBe(3 / 4);
    expect(scores.evidence1Fixed).toBe(2 / 4);
    expect(scores.abstain).toBe(1);
  });

  it('prints both figures in the table', async () => {
    const line = formatScores('set', await score(questions, (q) => answers[q]!));
    expect(line).toContain('evidence@1  0.750');
    expect(line).toContain(`in ${EVIDENCE_WINDOW_CHARS} chars  0.500`);
  });
});
