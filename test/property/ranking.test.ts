// The early exit is safe: for random posts, questions and weights, no post the search reads scores above the bound
// it was ordered (and could have been skipped) by. Every weight of RankingConfig is varied, so a weight added to a
// post's score but left out of its bound fails here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';
import { RANKING, type RankingConfig } from '../../src/search/ranking.js';
import { search, type PostRead } from '../../src/search/search.js';
import { buildTermIndex } from '../../src/search/term-index.js';
import { searchablePost } from '../search/searchable-post.js';

const WORDS = [
  'calico',
  'network',
  'policy',
  'security',
  'cloud',
  'team',
  'kubernetes',
  'AI',
  'artificial',
  'intelligence',
  'because',
  '12',
  'the',
  'and',
  'of',
  'running',
  'runs',
];
const FILLER = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];
const QUESTION_WORDS = [...WORDS, 'kubernetse', 'securiti', 'lawnmower', 'teams', 'run', 'k8s'];

// Mostly filler, so that the question's words stand in some paragraphs only, near or far from each other.
const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FILLER) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
);
const sentence = (maxLength: number) =>
  fc.array(word, { minLength: 3, maxLength }).map((words) => `${words.join(' ')}.`);
// Short posts, read whole; long ones (over 4,000 characters), read a stretch at a time; many short paragraphs, which
// the index groups in buckets (see paragraphBucket).
const post = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')),
  paragraphs: fc.oneof(
    fc.array(sentence(60), { minLength: 1, maxLength: 4 }),
    fc.array(sentence(60), { minLength: 30, maxLength: 60 }),
    fc.array(sentence(12), { minLength: 20, maxLength: 80 }),
  ),
  headed: fc.boolean(),
  inPieces: fc.boolean(),
});
const question = fc
  .tuple(
    fc.constantFrom('', 'why ', 'how many ', 'when '),
    fc.array(fc.constantFrom(...QUESTION_WORDS), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([start, words, quoted]) =>
    quoted && words.length > 1 ? `${start}"${words.join(' ')}"` : `${start}${words.join(' ')}`,
  );

/**
 * RANKING with every weight scaled by its own factor: integers stay whole and at least 1, weights below 1 stay below 1
 * (factors and shares), the others (BM25's k1) are free.
 */
const ranking: fc.Arbitrary<RankingConfig> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(RANKING) },
  {
    weight: 3,
    arbitrary: fc
      .record(
        Object.fromEntries(
          Object.keys(RANKING).map((key) => [key, fc.double({ min: 0.3, max: 2.5, noNaN: true })]),
        ) as Record<keyof RankingConfig, fc.Arbitrary<number>>,
      )
      .map((factors) => {
        const varied: Record<string, number> = {};
        for (const [key, value] of Object.entries(RANKING)) {
          const scaled = value * factors[key as keyof RankingConfig];
          varied[key] = Number.isInteger(value)
            ? Math.max(1, Math.round(scaled))
            : value < 1
              ? Math.min(0.99, scaled)
              : scaled;
        }
        return varied as unknown as RankingConfig;
      }),
  },
);

describe('the early-exit bound (property)', () => {
  it('is never below what a post scores once read, nor its confidence bound below its confidence', () => {
    let reads = 0;
    fc.assert(
      fc.property(fc.array(post, { minLength: 1, maxLength: 8 }), question, ranking, (posts, text, weights) => {
        const index = buildTermIndex(
          posts.map(({ title, paragraphs }) => ({ title, paragraphs })),
          weights.titleWeight,
        );
        const corpus = {
          index,
          posts: posts.map(({ title, paragraphs, headed, inPieces }) =>
            searchablePost(title, paragraphs, {
              inPieces,
              headings: paragraphs.map((_, p) =>
                headed && p % 7 === 0 ? paragraphs[p]!.split(' ').slice(0, 2).join(' ') : '',
              ),
            }),
          ),
        };
        const read: PostRead[] = [];
        search(corpus, parseQuery(text), { limit: 3, ranking: weights, onRead: (r) => read.push(r) });
        reads += read.length;
        for (const r of read) {
          expect(r.score).toBeLessThanOrEqual(r.scoreBound + 1e-9);
          expect(r.confidence).toBeLessThanOrEqual(r.confidenceBound + 1e-9);
        }
      }),
      { numRuns: 500 },
    );
    // The property held on posts that were actually read.
    expect(reads).toBeGreaterThan(300);
  });
});
