// The excerpt a reader sees: ~350 characters around the matches, "…" where it cuts, matched words in bold.
import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, escapeMarkdown, excerptRange, mergeSpans, renderExcerpt } from '../../src/search/excerpt.js';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `Sentence number ${i} says nothing much at all.`).join(' ');
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
    const twoParagraphs = `${filler(6)}\n\nThe thermostat example. ${filler(1)}\n\nThe next paragraph holds the answer right here. ${filler(6)}`;
    const range = excerptRange(twoParagraphs, spanOf(twoParagraphs, 'thermostat'));
    expect(twoParagraphs.slice(range.start, range.end)).toContain('holds the answer');
  });

  it("starts at the start of the matches' sentence rather than mid-sentence, when the sentence is not far longer than the room", () => {
    const long = `${filler(8)} Whether you manage to win or lose ${'the deal, and whatever the size of it, '.repeat(5)}the heater decides. ${filler(8)}`;
    const matches = spanOf(long, 'heater decides');
    const range = excerptRange(long, matches);
    expect(range.start).toBe(long.indexOf('Whether you manage'));
    expect(range.end).toBeGreaterThanOrEqual(matches.end);
  });

  it('shows a short text whole', () => {
    expect(excerptRange('Short post.', { start: 0, end: 5 })).toEqual({ start: 0, end: 11 });
  });
});

describe('renderExcerpt', () => {
  const text = `${filler(10)} We found a **compost** heap, 50% wet_ness. ${filler(10)}`;

  it('marks cuts with "…" and bolds the matched words', () => {
    const cluster = spanOf(text, 'compost');
    const excerpt = renderExcerpt(text, excerptRange(text, cluster), [cluster]);
    expect(excerpt.markdown.startsWith('…')).toBe(true);
    expect(excerpt.markdown.endsWith('…')).toBe(true);
    expect(excerpt.markdown).toContain('\\*\\***compost**\\*\\*');
    expect(excerpt.plain).toContain('**compost** heap');
    expect(excerpt.plain.length).toBeLessThanOrEqual(EXCERPT_CHARS + 2);
  });

  it('escapes Markdown so the post shows as written', () => {
    const excerpt = renderExcerpt(text, { start: text.indexOf('heap'), end: text.indexOf('ness') + 5 }, []);
    expect(excerpt.markdown).toBe('…heap, 50% wet\\_ness.…');
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not a list either')).toBe('\\# not a heading\n\\- not a list\n1\\. not a list either');
  });

  it('bolds a phrase once even when a word inside it also matched', () => {
    const phraseText = 'It runs on a Field Programmable Gate Array today.';
    const phrase = spanOf(phraseText, 'Field Programmable Gate Array');
    const word = spanOf(phraseText, 'Gate');
    expect(mergeSpans([word, phrase])).toEqual([phrase]);
    expect(renderExcerpt(phraseText, { start: 0, end: phraseText.length }, [word, phrase]).markdown).toBe('It runs on a **Field Programmable Gate Array** today.');
  });
});
