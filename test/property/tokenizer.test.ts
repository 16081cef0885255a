// One tokenizer: for any text, the index (which scans UTF-8 bytes), the matcher (which scans the string) and the
// query parser (a regular expression) read the same words and give them the same terms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, termOf } from '../../src/search/analyze.js';
import { buildMatcher, findEvents } from '../../src/search/matching.js';
import { MAX_CONCEPTS, QUESTION_WORDS, parseQuery } from '../../src/search/query.js';
import { buildTermIndex } from '../../src/search/term-index.js';
import type { PreparedConcept } from '../../src/search/types.js';
import { forEachWord } from '../../src/search/words.js';

// Characters where word boundaries are easy to get wrong: accents composed and apart, other scripts, letters and
// digits beyond the BMP, compatibility forms, apostrophes, hyphens and dashes, emoji, lone surrogates.
const LETTERS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  'é',
  'ü',
  'ñ',
  'Ø',
  'ß',
  'İ',
  'ı',
  'α',
  'Ж',
  '中',
  'ع',
  'ह',
  'ー',
  '𝐀',
  '𐐀',
  '𝟙',
  '٣',
  '½',
  '①',
  '⑴',
  'ﬁ',
  'Ａ',
  '８',
  '²',
  'ʼ',
  '\u0301',
  '\u0308',
];
const SEPARATORS = [
  ' ',
  ' ',
  ' ',
  '\n',
  '\t',
  '\u00a0',
  '-',
  '–',
  '—',
  "'",
  '’',
  '.',
  ',',
  '(',
  ')',
  '/',
  '_',
  '#',
  '*',
  '…',
  '·',
  '😀',
  '👍🏽',
  '\u200d',
  '\uD800',
  '\uDC00',
];
const TRICKY = [
  "don't",
  'won’t',
  "O'Reilly",
  "Rémi's",
  're\u0301sume\u0301',
  'naïve',
  'k8s',
  'e-mail',
  'TPUs',
  'went',
  'children',
  'running',
  'the',
  'AI',
  'ﬁle',
  'ＡＩ',
  'İstanbul',
  'straße',
  '3.14',
  "isn't",
  'Kubernetes',
];

const word = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 8 }).map((letters) => letters.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY) },
);
const text = fc
  .array(fc.tuple(word, fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 2 })), {
    minLength: 1,
    maxLength: 10,
  })
  .map((pairs) => pairs.map(([w, separators]) => w + separators.join('')).join(''));

/** Term → how many times it occurs, from the words the regular expression finds (the query parser's scanner). */
function termCounts(source: string): Map<string, number> {
  const counts = new Map<string, number>();
  forEachWord(source, (start, end) => {
    const term = termOf(source.slice(start, end));
    if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  });
  return counts;
}

describe('one tokenizer (property)', () => {
  it('the index records the terms of the words the query parser reads, as many times', () => {
    fc.assert(
      fc.property(text, (source) => {
        const index = buildTermIndex([{ title: '', paragraphs: [source] }]);
        const { terms, offsets, freqs } = index.data;
        const recorded = new Map(terms.map((term, id) => [term, freqs[offsets[id]!]!]));
        expect(recorded).toEqual(termCounts(source));
      }),
      { numRuns: 300 },
    );
  });

  it('the matcher finds every word with a term, where the regular expression finds it', () => {
    fc.assert(
      fc.property(text, (source) => {
        const index = buildTermIndex([{ title: '', paragraphs: [source] }]);
        const terms = index.data.terms;
        const concepts: PreparedConcept[] = terms.map((term) => ({
          weight: 1,
          alternatives: [{ terms: [term], factor: 1 }],
        }));
        const found = findEvents(source, buildMatcher(concepts)).map((event) => ({
          start: event.start,
          end: event.end,
          term: terms[event.concept]!,
        }));
        const words: Array<{ start: number; end: number; term: string }> = [];
        forEachWord(source, (start, end) => {
          const term = termOf(source.slice(start, end));
          if (term) words.push({ start, end, term });
        });
        expect(found).toEqual(words);
      }),
      { numRuns: 300 },
    );
  });

  it('the query parser searches for the terms the index records, but for question words and auxiliaries', () => {
    fc.assert(
      fc.property(text, (source) => {
        const parsed = parseQuery(source);
        fc.pre(parsed.concepts.length < MAX_CONCEPTS);
        const searched = new Set(parsed.concepts.flatMap((concept) => concept.alternatives[0]!));
        const recorded = new Set(buildTermIndex([{ title: '', paragraphs: [source] }]).data.terms);
        // The question's framing words, and the "doesn" of "doesn't", are in the index but not searched for.
        const framing = new Set<string>();
        let previous = { end: -1, term: '' };
        forEachWord(source, (start, end) => {
          const word = source.slice(start, end);
          if (QUESTION_WORDS.has(fold(word))) framing.add(termOf(word));
          if ((word === 't' || word === 'T') && start === previous.end + 1 && /['’]/.test(source[previous.end]!))
            framing.add(previous.term);
          previous = { end, term: termOf(word) };
        });
        for (const term of searched) expect(recorded).toContain(term);
        for (const term of recorded) if (!framing.has(term)) expect(searched).toContain(term);
      }),
      { numRuns: 300 },
    );
  });
});
