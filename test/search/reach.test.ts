// Reading only what can matter: the window found in the reachable parts of a long post is the one found reading it
// whole, and a post's bound is never below what it really scores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/search/concepts.js';
import { buildMatcher, conceptMasks, findEvents, findEventsInPost, wordFilter } from '../../src/search/matching.js';
import { parseQuery } from '../../src/search/query.js';
import { bestPossibleShare, bestWindowOf, contextStrengths, windowSpansOf } from '../../src/search/reach.js';
import { searchablePost } from './searchable-post.js';
import { buildTermIndex } from '../../src/search/term-index.js';
import type { SearchablePost } from '../../src/storage/post-store.js';
import type { MatchEvent, PreparedConcept, Ranges } from '../../src/search/types.js';
import { bestWindow } from '../../src/search/windows.js';

const WORDS = [
  'calico',
  'network',
  'overlay',
  'policy',
  'security',
  'cloud',
  'team',
  'fear',
  'control',
  'pods',
  'cluster',
  'the',
  'and',
  'of',
];

function postOf(paragraphs: string[], headings: string[] = paragraphs.map(() => '')): SearchablePost {
  return searchablePost('Notes', paragraphs, { headings, inPieces: true });
}

function setUp(paragraphs: string[], question: string) {
  const index = buildTermIndex([{ title: 'Notes', paragraphs }]);
  const concepts = prepare(index, parseQuery(question).concepts);
  const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
  const matcher = buildMatcher(concepts);
  const filter = wordFilter(matcher);
  const matchesIn = (text: string) => findEvents(text, matcher, [0, text.length], filter);
  const matchesInPost = (post: SearchablePost, ranges: Ranges) => findEventsInPost(post, matcher, ranges, filter);
  const windowOf = (_post: SearchablePost, events: readonly MatchEvent[]) => bestWindow(events, concepts, totalWeight);
  return {
    post: postOf(paragraphs),
    concepts,
    totalWeight,
    masks: conceptMasks(index, 0, concepts),
    matchesIn,
    matchesInPost,
    windowOf,
  };
}

// A long post: 40 paragraphs of filler words, some of them the question's words.
const longPost = fc.array(
  fc.array(fc.constantFrom(...WORDS), { minLength: 20, maxLength: 60 }).map((words) => `${words.join(' ')}.`),
  {
    minLength: 40,
    maxLength: 40,
  },
);

describe('bestWindowOf', () => {
  it('finds the window reading the whole post would find, in long posts', () => {
    fc.assert(
      fc.property(
        longPost,
        fc.constantFrom('calico network policy', 'security team fear', 'cloud control', 'overlay pods cluster'),
        (paragraphs, question) => {
          const { post, concepts, totalWeight, masks, matchesIn, matchesInPost, windowOf } = setUp(
            paragraphs,
            question,
          );
          const focused = bestWindowOf(post, concepts, masks, totalWeight, matchesInPost, windowOf);
          const whole = windowOf(post, matchesIn(post.text));
          expect(focused).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads further when the most promising stretch falls short, and finds the window reading it whole would', () => {
    const paragraphs = fallsShort();
    const { post, concepts, totalWeight, masks, matchesIn, matchesInPost, windowOf } = setUp(
      paragraphs,
      'calico policy',
    );
    const whole = windowOf(post, matchesIn(post.text));
    expect(post.text.slice(whole.start, whole.start + 13)).toBe('policy policy');
    expect(bestWindowOf(post, concepts, masks, totalWeight, matchesInPost, windowOf)).toEqual(whole);
  });

  it('asks whether to go on with a bound on what the post holds, and gives up when told to', () => {
    const { post, concepts, totalWeight, masks, matchesIn, matchesInPost, windowOf } = setUp(
      fallsShort(),
      'calico policy',
    );
    const whole = windowOf(post, matchesIn(post.text));
    const read = (giveUp: boolean) => {
      const asked: number[] = [];
      const stop = {
        context: contextStrengths(post, concepts, matchesIn),
        contextShare: 0.5,
        canMatter: (bound: number) => (asked.push(bound), !giveUp),
      };
      const window = bestWindowOf(
        post,
        concepts,
        masks,
        totalWeight,
        matchesInPost,
        windowOf,
        windowSpansOf(post),
        stop,
      );
      return { window, asked };
    };
    const given = read(true);
    expect(given.window).toBeUndefined();
    expect(given.asked).toHaveLength(1);
    expect(given.asked[0]).toBeGreaterThanOrEqual(shareOf(concepts, whole.strength, totalWeight) - 1e-9);
    expect(given.asked[0]).toBeLessThan(1);
    // Kept on: the same window as without the rule.
    expect(read(false).window).toEqual(whole);
  });
});

function shareOf(concepts: readonly PreparedConcept[], strength: readonly number[], totalWeight: number): number {
  return concepts.reduce((sum, concept, c) => sum + concept.weight * (strength[c] ?? 0), 0) / totalWeight;
}

/** The bound search.ts gives a post before reading it. */
function shareBound(
  post: SearchablePost,
  concepts: readonly PreparedConcept[],
  masks: readonly number[],
  matchesIn: (text: string) => MatchEvent[],
  totalWeight: number,
): number {
  return bestPossibleShare(
    concepts,
    masks,
    contextStrengths(post, concepts, matchesIn),
    totalWeight,
    windowSpansOf(post),
  );
}

describe('bestPossibleShare', () => {
  it('is never below the share of ideas the best window really holds', () => {
    fc.assert(
      fc.property(
        longPost,
        fc.constantFrom('calico network policy', 'security team fear', 'cloud control'),
        (paragraphs, question) => {
          const { post, concepts, totalWeight, masks, matchesIn, windowOf } = setUp(paragraphs, question);
          const window = windowOf(post, matchesIn(post.text));
          const found = shareOf(concepts, window.strength, totalWeight);
          expect(shareBound(post, concepts, masks, matchesIn, totalWeight)).toBeGreaterThanOrEqual(found - 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is low for a post whose paragraphs hold the question's words only far apart", () => {
    const far = [
      'calico everywhere here.',
      ...Array.from(
        { length: 30 },
        (_, i) =>
          `filler paragraph number ${i} about nothing in particular, long enough to keep words apart from each other.`,
      ),
      'policy at the very end.',
    ];
    const near = ['calico and its policy, side by side.', ...far.slice(1)];
    const share = (paragraphs: string[]) => {
      const { post, concepts, totalWeight, masks, matchesIn } = setUp(paragraphs, 'calico policy');
      return shareBound(post, concepts, masks, matchesIn, totalWeight);
    };
    expect(share(near)).toBe(1);
    expect(share(far)).toBeLessThan(1);
  });
});

/** A long post whose most promising stretch holds less than it promises: it is read in more than one go. */
function fallsShort(): string[] {
  const filler = (i: number) =>
    `filler paragraph number ${i} about nothing in particular, long enough to keep words apart.`;
  return [
    // Both words, but too far apart to stand in one window: this stretch promises more than it holds.
    `calico at the start. ${'Words in between that keep the two apart. '.repeat(10)}And policy at the end.`,
    ...Array.from({ length: 6 }, (_, i) => filler(i)),
    ...Array.from({ length: 8 }, (_, i) => `calico in ${filler(i + 6)}`),
    ...Array.from({ length: 10 }, (_, i) => filler(i + 14)),
    // The rarer word alone, many times: as good a share as the first stretch really holds, and denser.
    'policy policy policy policy policy policy policy policy policy.',
    ...Array.from({ length: 14 }, (_, i) => filler(i + 24)),
  ];
}
