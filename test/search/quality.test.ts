// The answer-quality floor: the dev questions (also among the 500 Brown posts), our own extra questions, and three
// sets written from the essays alone without seeing the bot's answers, asked as /ask asks; the last block holds the
// three tiers of answer (confident, may help, no good match) to floors on every set.
// Floors with headroom, not exact scores: each is today's figure (`npm run eval` prints the exact figures and the
// misses) less a few points, so that a change that helps overall may lose a question or two of a group and still pass;
// a real regression fails. Raise a floor when the figures rise for good; never lower one to let a change through
// without saying why in its commit.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBrownPosts } from '../../scripts/corpus/brown.js';
import { readQuestionSet, score, type Question, type Scores } from '../../scripts/eval/score.js';
import { withTypos } from '../../scripts/eval/typos.js';
import { Library } from '../../src/library.js';
import { answerJson } from '../../src/replies/json.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let library: Library;

async function questionsOf(files: readonly string[]): Promise<Question[]> {
  const sets = await Promise.all(files.map((name) => readQuestionSet(path.join(root, 'test/fixtures', name))));
  return sets.flatMap((set) => set.questions);
}

async function scoresOf(files: readonly string[], on: Library = library): Promise<Scores> {
  return score(await questionsOf(files), (q) => answerJson(on.ask(q, 3)));
}

beforeAll(async () => {
  library = await Library.open({ contentDir: path.join(root, 'content'), cacheDir: false });
});

interface Floor {
  answerable: number;
  unanswerable: number;
  hit1: number;
  evidence1: number;
  abstain: number;
}

/** The floor under one group of question sets: enough questions, and each measure at least so high. */
function floorOn(title: string, files: readonly string[], floor: Floor): void {
  describe(title, () => {
    let scores: Scores;
    beforeAll(async () => {
      scores = await scoresOf(files);
    });

    it('has enough questions of both kinds to mean something', () => {
      expect(scores.answerable).toBeGreaterThanOrEqual(floor.answerable);
      expect(scores.unanswerable).toBeGreaterThanOrEqual(floor.unanswerable);
    });

    it(`puts the right post first for at least ${Math.round(floor.hit1 * 100)}% of the answerable questions`, () => {
      expect(scores.hit1).toBeGreaterThanOrEqual(floor.hit1);
    });

    it(`shows the answer in the first excerpt for at least ${Math.round(floor.evidence1 * 100)}% of them`, () => {
      expect(scores.evidence1).toBeGreaterThanOrEqual(floor.evidence1);
    });

    it(`says "no good match" to at least ${Math.round(floor.abstain * 100)}% of the unanswerable questions`, () => {
      expect(scores.abstain).toBeGreaterThanOrEqual(floor.abstain);
    });
  });
}

// Today: hit@1 0.979, evidence@1 0.927 (of 96), abstain 0.905 (of 21). Headroom: about 4 questions, 2 unanswerable.
floorOn('answer quality on the essays (dev + extra questions)', ['dev-questions.json', 'extra-questions.json'], {
  answerable: 90,
  unanswerable: 20,
  hit1: 0.93,
  evidence1: 0.88,
  abstain: 0.8,
});

// Today: hit@1 0.847, evidence@1 0.720 (of 150), abstain 0.933 (of 30). Headroom: about 2 questions, 7 unanswerable.
floorOn(
  'answer quality on questions written from the essays alone (fresh, blind and final sets)',
  ['fresh-questions.json', 'blind-questions.json', 'final-questions.json'],
  { answerable: 150, unanswerable: 30, hit1: 0.83, evidence1: 0.7, abstain: 0.7 },
);

// Today: hit@1 1.000, evidence@1 0.967 (of 30), abstain 1.000 (of 5). Headroom: 2 questions, 1 unanswerable.
floorOn('answer quality on the dev questions', ['dev-questions.json'], {
  answerable: 30,
  unanswerable: 5,
  hit1: 0.93,
  evidence1: 0.9,
  abstain: 0.8,
});

/** The essays among the 500 Brown corpus samples, written as posts once for every block that needs them. */
let brownFolder: string | undefined;
let brownLibrary: Promise<Library> | undefined;
function amongBrown(): Promise<Library> {
  brownLibrary ??= (async () => {
    brownFolder = await mkdtemp(path.join(os.tmpdir(), 'blogbot-quality-brown-'));
    await writeBrownPosts(brownFolder, { count: 500, mode: 'samples' });
    const essays = path.join(root, 'content');
    for (const name of (await readdir(essays)).filter((n) => n.endsWith('.md')))
      await copyFile(path.join(essays, name), path.join(brownFolder, name));
    return Library.open({ contentDir: brownFolder, cacheDir: false, worker: false });
  })();
  return brownLibrary;
}
afterAll(async () => {
  if (brownFolder) await rm(brownFolder, { recursive: true, force: true });
});

describe('answer quality on the dev questions among the 500 Brown posts', () => {
  let mixed: Scores;
  beforeAll(async () => {
    // Abstention is not measured here: Brown posts may answer the unanswerable questions.
    const among = await amongBrown();
    const answerable = (await questionsOf(['dev-questions.json'])).filter((q) => q.slug !== null);
    mixed = await score(answerable, (q) => answerJson(among.ask(q, 3)));
  }, 60_000);

  // Today: hit@1 0.900, helpful@3 0.967, evidence@1 0.900 (of 30): the answers a big blog no longer gives with
  // confidence are among the posts that may help. Headroom: 1 question, 2 for the evidence.
  it('puts the right post first for 86%+, among the cards shown for 90%, the answer in the 1st excerpt for 83%', () => {
    expect(mixed.answerable).toBe(30);
    expect(mixed.hit1).toBeGreaterThanOrEqual(0.86);
    expect(mixed.helpful3).toBeGreaterThanOrEqual(0.9);
    expect(mixed.evidence1).toBeGreaterThanOrEqual(0.83);
  });
});

interface TierFloor {
  /** The share of confident answers whose post is right (a confident answer to an unanswerable question is wrong). */
  precision: number;
  /** The share of answerable questions whose post is among the first three cards shown, confident or "may help". */
  helpful3: number;
  /** The share of unanswerable questions given no confident answer. */
  abstain: number;
}

/** Every question set in test/fixtures, both halves. */
async function allQuestions(): Promise<Question[]> {
  const files = (await readdir(path.join(root, 'test/fixtures'))).filter((name) => /questions.*\.json$/.test(name));
  return questionsOf(files);
}

describe('the three tiers (confident, may help, no good match) on every question set', () => {
  const expectFloor = (scores: Scores, floor: TierFloor) => {
    expect(scores.precision).toBeGreaterThanOrEqual(floor.precision);
    expect(scores.helpful3).toBeGreaterThanOrEqual(floor.helpful3);
    expect(scores.abstain).toBeGreaterThanOrEqual(floor.abstain);
  };
  let among: Library;
  beforeAll(async () => {
    among = await amongBrown();
  }, 60_000);

  // Today: precision 0.874, helpful@3 0.936, abstain 0.832 (326 + 131 questions).
  it(
    'with the essays alone: right when confident for 84%, the right post shown for 91%, ' +
      'no confident answer to 79% of the unanswerable',
    async () => {
      expectFloor(await score(await allQuestions(), (q) => answerJson(library.ask(q, 3))), {
        precision: 0.84,
        helpful3: 0.91,
        abstain: 0.79,
      });
    },
  );

  // Today: helpful@3 0.813, abstain 0.750 (80 + 80 questions).
  it(
    "with the essays alone, questions in a reader's own words and near-misses: the right post shown for 76%, " +
      'no confident answer to 70%',
    async () => {
      const sets = [
        'paraphrase-questions.json',
        'reworded-questions.json',
        'offtopic-questions.json',
        'nearmiss-questions.json',
      ];
      const scores = await score(await questionsOf(sets), (q) => answerJson(library.ask(q, 3)));
      expect(scores.helpful3).toBeGreaterThanOrEqual(0.76);
      expect(scores.abstain).toBeGreaterThanOrEqual(0.7);
    },
  );

  // Today: hit@1 0.756, helpful@3 0.919 (406 answerable questions; with no slip 0.788 and 0.933). Before typos were
  // also looked for one edit from the word as typed: 0.709 and 0.906.
  it('with the essays alone and a typing slip in each question: the right post first for 73%, shown for 89%', async () => {
    const scores = await score(withTypos(await allQuestions()), (q) => answerJson(library.ask(q, 3)));
    expect(scores.hit1).toBeGreaterThanOrEqual(0.73);
    expect(scores.helpful3).toBeGreaterThanOrEqual(0.89);
  });

  // Today: precision 0.768, helpful@3 0.794, abstain 0.656 (before the tiers: 0.56 and 0.09 on the held-out half).
  it(
    'among the 500 Brown posts: right when confident for 73%, the right post shown for 76%, ' +
      'no confident answer to 62% of the unanswerable',
    async () => {
      expectFloor(await score(await allQuestions(), (q) => answerJson(among.ask(q, 3))), {
        precision: 0.73,
        helpful3: 0.76,
        abstain: 0.62,
      });
    },
  );
});
