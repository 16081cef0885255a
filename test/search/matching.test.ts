// Finding a question's ideas in a text: whole words and phrases, acronyms written as acronyms, only the stretches
// asked.
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/search/concepts.js';
import { buildMatcher, findEvents, matchingRanges, strengths } from '../../src/search/matching.js';
import { parseQuery } from '../../src/search/query.js';
import { buildTermIndex } from '../../src/search/term-index.js';

const index = buildTermIndex([
  { title: 'Notes', paragraphs: ['Mixed reality headsets and MR glasses.', 'Mr. Smith of course took two courses.'] },
]);
const matcherFor = (question: string) => {
  const concepts = prepare(index, parseQuery(question).concepts);
  return { concepts, matcher: buildMatcher(concepts) };
};
const matched = (text: string, question: string) => {
  const { matcher } = matcherFor(question);
  return findEvents(text, matcher).map((event) => text.slice(event.start, event.end));
};

describe('findEvents', () => {
  it('finds a long form as a phrase and its acronym only when written as one', () => {
    expect(matched('Mixed reality headsets and MR glasses. Mr. Smith', 'mixed reality')).toEqual([
      'Mixed reality',
      'MR',
    ]);
  });

  it('finds other forms of a word, and not a word inside an idiom', () => {
    expect(matched('Mr. Smith of course took two courses.', 'course')).toEqual(['courses']);
    expect(matched('The headset, two headsets.', 'headsets')).toEqual(['headset', 'headsets']);
  });

  it('reads only the stretches it is given', () => {
    const { matcher } = matcherFor('glasses');
    const text = 'glasses here. And glasses there.';
    expect(findEvents(text, matcher, [14, text.length]).map((event) => event.start)).toEqual([18]);
  });

  it('matches whole words only, whatever letters stand around them', () => {
    expect(matched('Glasses, sunglasses, éGlasses, _glasses and GLASSES.', 'glasses')).toEqual([
      'Glasses',
      'glasses',
      'GLASSES',
    ]);
    expect(matched('Le café, des cafés.', 'café')).toEqual(['café', 'cafés']);
  });

  it('does not find a phrase across two paragraphs', () => {
    expect(matched('A walk in mixed\n\nreality, then mixed\nreality.', 'mixed reality')).toEqual(['mixed\nreality']);
  });

  it('lets a phrase skip small words but not a meaningful one', () => {
    expect(matched('mixed green reality, mixed the reality, mixed reality', 'mixed reality')).toEqual([
      'mixed the reality',
      'mixed reality',
    ]);
    expect(matched('mixed, a, the, of reality', 'mixed reality')).toEqual([]);
  });

  it('passes over stop words that start like a target word, still counting them between the words of a phrase', () => {
    expect(matched('The thesis, these and their Thesis’s end.', 'thesis')).toEqual(['thesis', 'Thesis']);
    expect(matched('mixed might the reality', 'mixed reality')).toEqual(['mixed might the reality']);
    expect(matched('mixed might the a reality', 'mixed reality')).toEqual([]);
  });

  it('finds words among punctuation outside ASCII', () => {
    expect(matched('“Glasses” — glasses…glasses’ «éGlasses»', 'glasses')).toEqual(['Glasses', 'glasses', 'glasses']);
  });

  it('says how fully each idea matched', () => {
    const { concepts, matcher } = matcherFor('mixed reality smith');
    expect(strengths(concepts, findEvents('mixed reality', matcher))).toEqual([1, 0]);
  });
});

describe('matchingRanges', () => {
  it('reads a short text whole, and a long one only in the paragraphs that can match', () => {
    const post = { title: '', paragraphStarts: [0, 5000, 10000], headings: ['', '', ''], text: '' };
    expect(matchingRanges(post, 1000, 0)).toEqual([0, 1000]);
    expect(matchingRanges(post, 15000, 0b010)).toEqual([5000, 10000]);
    expect(matchingRanges(post, 15000, 0b110)).toEqual([5000, 15000]);
  });
});
