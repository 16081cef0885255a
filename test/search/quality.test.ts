// The answer-quality floor: the dev questions and our own extra questions, asked through the same path as /ask.
// Thresholds, not exact scores (npm run eval prints the figures and the misses).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readQuestionSet, score, type Question, type Scores } from '../../scripts/eval/score.js';
import { Library } from '../../src/library.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let scores: Scores;
let questions: Question[];

beforeAll(async () => {
  const sets = await Promise.all(['dev-questions.json', 'extra-questions.json'].map((name) => readQuestionSet(path.join(root, 'test/fixtures', name))));
  questions = sets.flatMap((set) => set.questions);
  const library = await Library.open({ contentDir: path.join(root, 'content'), cacheDir: false });
  scores = await score(questions, (q) => library.ask(q, 3));
});

describe('answer quality on the essays (dev + extra questions)', () => {
  it('has enough questions of both kinds to mean something', () => {
    expect(scores.answerable).toBeGreaterThanOrEqual(90);
    expect(scores.unanswerable).toBeGreaterThanOrEqual(20);
  });

  it('puts the right post first for at least 90% of the answerable questions', () => {
    expect(scores.hit1).toBeGreaterThanOrEqual(0.9);
  });

  it('shows the answer in the first excerpt for at least 80% of them', () => {
    expect(scores.evidence1).toBeGreaterThanOrEqual(0.8);
  });

  it('says "no good match" to at least 80% of the unanswerable questions', () => {
    expect(scores.abstain).toBeGreaterThanOrEqual(0.8);
  });
});
