// The answer-quality floor: the dev questions, our own extra questions, and three sets written from the essays alone
// (without seeing the bot's answers), asked through the same path as /ask.
// Thresholds, not exact scores (npm run eval prints the figures and the misses).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readQuestionSet, score, type Scores } from '../../scripts/eval/score.js';
import { Library } from '../../src/library.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let library: Library;

async function scoresOf(files: readonly string[]): Promise<Scores> {
  const sets = await Promise.all(files.map((name) => readQuestionSet(path.join(root, 'test/fixtures', name))));
  return score(sets.flatMap((set) => set.questions), (q) => library.ask(q, 3));
}

beforeAll(async () => {
  library = await Library.open({ contentDir: path.join(root, 'content'), cacheDir: false });
});

describe('answer quality on the essays (dev + extra questions)', () => {
  let scores: Scores;
  beforeAll(async () => {
    scores = await scoresOf(['dev-questions.json', 'extra-questions.json']);
  });

  it('has enough questions of both kinds to mean something', () => {
    expect(scores.answerable).toBeGreaterThanOrEqual(90);
    expect(scores.unanswerable).toBeGreaterThanOrEqual(20);
  });

  it('puts the right post first for at least 95% of the answerable questions', () => {
    expect(scores.hit1).toBeGreaterThanOrEqual(0.95);
  });

  it('shows the answer in the first excerpt for at least 85% of them', () => {
    expect(scores.evidence1).toBeGreaterThanOrEqual(0.85);
  });

  it('says "no good match" to at least 85% of the unanswerable questions', () => {
    expect(scores.abstain).toBeGreaterThanOrEqual(0.85);
  });
});

describe('answer quality on questions written from the essays alone (fresh, blind and final sets)', () => {
  let scores: Scores;
  beforeAll(async () => {
    scores = await scoresOf(['fresh-questions.json', 'blind-questions.json', 'final-questions.json']);
  });

  it('has enough questions of both kinds to mean something', () => {
    expect(scores.answerable).toBeGreaterThanOrEqual(150);
    expect(scores.unanswerable).toBeGreaterThanOrEqual(30);
  });

  it('puts the right post first for at least 85% of the answerable questions', () => {
    expect(scores.hit1).toBeGreaterThanOrEqual(0.85);
  });

  it('shows the answer in the first excerpt for at least 70% of them', () => {
    expect(scores.evidence1).toBeGreaterThanOrEqual(0.7);
  });

  it('says "no good match" to at least 70% of the unanswerable questions', () => {
    expect(scores.abstain).toBeGreaterThanOrEqual(0.7);
  });
});
