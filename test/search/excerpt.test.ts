// The excerpt a reader sees: ~350 characters around the matches, "…" where it cuts, plain text with the matched
// words as highlight ranges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, excerptRange, joinExcerpts, mergeSpans, plainExcerpt } from '../../src/search/excerpt.js';
import { highlightedWords } from './marked.js';

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence number ${i} says nothing much at all.`).join(' ');
const spanOf = (text: string, word: string) => {
  const start = text.indexOf(word);
  return { start, end: start + word.length };
};

describe('excerptRange', () => {
  const text = `${filler(12)} The heater decides whether to start heating the house. ${filler(12)}`;
  const cluster = spanOf(text, 'heater decides');

  it('keeps the matches in view within about 350 characters', () => {
    const range = excerptRange(text, cluster);
    expect(range.start).toBeLessThanOrEqual(cluster.start);
    expect(range.end).toBeGreaterThanOrEqual(cluster.end);
    expect(range.end - range.start).toBeLessThanOrEqual(EXCERPT_CHARS);
  });

  it('starts at a sentence start and ends between words', () => {
    const range = excerptRange(text, cluster);
    expect(text.slice(range.start - 2, range.start)).toMatch(/[.!?] $/);
    expect(text[range.end - 1]).toMatch(/\S/);
    expect(text[range.end] ?? ' ').toMatch(/\s/);
  });

  it('gives most of the room to the words after the matches', () => {
    const range = excerptRange(text, cluster);
    expect(cluster.start - range.start).toBeLessThan(range.end - cluster.end);
  });

  it('may reach across a paragraph break', () => {
    const twoParagraphs =
      `${filler(6)}\n\nThe thermostat example. ${filler(1)}\n\n` +
      `The next paragraph holds the answer right here. ${filler(6)}`;
    const range = excerptRange(twoParagraphs, spanOf(twoParagraphs, 'thermostat'));
    expect(twoParagraphs.slice(range.start, range.end)).toContain('holds the answer');
  });

  it("starts at the matches' sentence start, not mid-sentence, if the sentence is not far longer than the room", () => {
    const long =
      `${filler(8)} Whether you manage to win or lose ` +
      `${'the deal, and whatever the size of it, '.repeat(5)}the heater decides. ` +
      `${filler(8)}`;
    const matches = spanOf(long, 'heater decides');
    const range = excerptRange(long, matches);
    expect(range.start).toBe(long.indexOf('Whether you manage'));
    expect(range.end).toBeGreaterThanOrEqual(matches.end);
  });

  it('shows a short text whole', () => {
    expect(excerptRange('Short post.', { start: 0, end: 5 })).toEqual({ start: 0, end: 11 });
  });
});

describe('plainExcerpt', () => {
  const text = `${filler(10)} We found a **compost** heap, 50% wet_ness. ${filler(10)}`;

  it('marks cuts with "…" and gives the matched words as ranges of its plain text, Markdown left as written', () => {
    const cluster = spanOf(text, 'compost');
    const excerpt = plainExcerpt(text, excerptRange(text, cluster), [cluster]);
    expect(excerpt.text.startsWith('…')).toBe(true);
    expect(excerpt.text.endsWith('…')).toBe(true);
    expect(excerpt.text).toContain('We found a **compost** heap, 50% wet_ness.');
    expect(excerpt.text.length).toBeLessThanOrEqual(EXCERPT_CHARS + 2);
    expect(excerpt.highlights).toEqual([spanOf(excerpt.text, 'compost')]);
  });

  it('makes runs of blank lines one line break and trims the ends, the ranges following the words', () => {
    const lines = 'Intro words here.\n\n\nThe heater starts.\n\nThe heater stops. ';
    const heaters = [lines.indexOf('heater'), lines.lastIndexOf('heater')].map((start) => ({
      start,
      end: start + 'heater'.length,
    }));
    const excerpt = plainExcerpt(lines, { start: 'Intro '.length, end: lines.length }, heaters);
    expect(excerpt.text).toBe('…words here.\nThe heater starts.\nThe heater stops.');
    expect(highlightedWords(excerpt)).toEqual(['heater', 'heater']);
    expect(excerpt.highlights[0]!.start).toBe(excerpt.text.indexOf('heater'));
  });

  it('leaves out matches outside the range', () => {
    const cluster = spanOf(text, 'compost');
    const far = spanOf(text, 'Sentence number 0 ');
    expect(plainExcerpt(text, excerptRange(text, cluster), [far, cluster]).highlights).toHaveLength(1);
  });

  it('highlights a phrase once even when a word inside it also matched', () => {
    const phraseText = 'It runs on a Field Programmable Gate Array today.';
    const phrase = spanOf(phraseText, 'Field Programmable Gate Array');
    const word = spanOf(phraseText, 'Gate');
    expect(mergeSpans([word, phrase])).toEqual([phrase]);
    expect(plainExcerpt(phraseText, { start: 0, end: phraseText.length }, [word, phrase])).toEqual({
      text: phraseText,
      highlights: [phrase],
    });
  });

  it('every range covers the very word that matched, whatever the text and the cut (property)', () => {
    const word = fc.constantFrom('heat', 'pump', '**x**', '_y_', '1.', '-', '#', '>', '😀', '…', 'a\\b');
    const gap = fc.constantFrom(' ', '  ', '\n', '\n\n', '\n\n\n', '. ', ' \n ');
    const words = fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(words, fc.nat(), fc.nat(), fc.integer({ min: 10, max: 400 }), (pairs, pick, seed, size) => {
        let source = '';
        const spans: Array<{ start: number; end: number }> = [];
        pairs.forEach(([w, g], i) => {
          if ((seed >> (i % 30)) & 1) spans.push({ start: source.length, end: source.length + w.length });
          source += w + g;
        });
        const target = spans[pick % spans.length] ?? { start: 0, end: 1 };
        const range = excerptRange(source, target, size);
        const excerpt = plainExcerpt(source, range, spans);
        const inside = spans.filter((span) => span.start >= range.start && span.end <= range.end);
        expect(highlightedWords(excerpt)).toEqual(inside.map((span) => source.slice(span.start, span.end)));
        excerpt.highlights.forEach((span, i) => {
          expect(span.start).toBeLessThan(span.end);
          if (i > 0) expect(span.start).toBeGreaterThanOrEqual(excerpt.highlights[i - 1]!.end);
          expect(span.start).toBeGreaterThanOrEqual(range.start > 0 ? 1 : 0);
          expect(span.end).toBeLessThanOrEqual(excerpt.text.length - (range.end < source.length ? 1 : 0));
        });
        expect(excerpt.text).not.toMatch(/\n\n|^\s|\s$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('joinExcerpts', () => {
  it('puts passages a blank line apart and moves their ranges along', () => {
    const first = { text: '…the heater starts…', highlights: [{ start: 5, end: 11 }] };
    const second = { text: 'The pump stops…', highlights: [{ start: 4, end: 8 }] };
    const joined = joinExcerpts([first, second]);
    expect(joined.text).toBe('…the heater starts…\n\nThe pump stops…');
    expect(highlightedWords(joined)).toEqual(['heater', 'pump']);
    expect(joinExcerpts([first])).toEqual(first);
  });
});
