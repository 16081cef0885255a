// Cutting a passage out of a post: around the matches, from the paragraphs around them only, matches highlighted.
import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS } from '../../src/search/excerpt.js';
import { buildMatcher, findEventsInPost } from '../../src/search/matching.js';
import { cutPassage } from '../../src/search/passages.js';
import { highlightedWords } from './marked.js';
import { searchablePost } from './searchable-post.js';

const filler = 'The weather was mild and the office plants grew tall while the kettle boiled twice a day. '.repeat(4);
const paragraphs = [
  filler,
  'Our thermostat reads the temperature inside.',
  `${filler}The heater then decides whether to start heating.`,
  filler,
];
const concepts = [
  { weight: 1, alternatives: [{ terms: ['thermostat'], factor: 1 }] },
  { weight: 1, alternatives: [{ terms: ['heater'], factor: 1 }] },
];
const matcher = buildMatcher(concepts);
const matchesIn = (post: Parameters<typeof findEventsInPost>[0], ranges: Parameters<typeof findEventsInPost>[2]) =>
  findEventsInPost(post, matcher, ranges);

function cut(inPieces: boolean, size = EXCERPT_CHARS) {
  const post = searchablePost('Heating', paragraphs, { inPieces });
  const start = post.text.indexOf('thermostat');
  return {
    post,
    passage: cutPassage(post, post.text.length, { start, end: start + 'thermostat'.length }, size, matchesIn),
  };
}

describe('cutPassage', () => {
  it('cuts about `size` characters around the cluster, and tells where they stand in the text', () => {
    const { post, passage } = cut(false);
    expect(passage.range.end - passage.range.start).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(passage.excerpt.text.replace(/^…|…$/g, '').replace(/\n/g, '')).toBe(
      post.text.slice(passage.range.start, passage.range.end).replace(/\n/g, ''),
    );
    expect(passage.excerpt.text).toContain('Our thermostat reads');
  });

  it('highlights every match in sight, not only the cluster', () => {
    const { passage } = cut(false, 600);
    expect(highlightedWords(passage.excerpt)).toEqual(['thermostat', 'heater']);
  });

  it('cuts the same from a post read in pieces as from its whole text', () => {
    expect(cut(true).passage).toEqual(cut(false).passage);
    expect(cut(true, 600).passage).toEqual(cut(false, 600).passage);
  });
});
