// How informative a term is in general English: ordinary words count little, rare ones a lot, unseen ones the most.
import { describe, expect, it } from 'vitest';
import { termOf } from '../../src/search/analyze.js';
import { RANKING } from '../../src/search/ranking.js';
import {
  englishCount,
  englishIdf,
  englishPassageShare,
  englishRate,
  isEnglish,
  parseEnglishData,
} from '../../src/search/english.js';

const idf = (word: string) => englishIdf(termOf(word));
const perMillion = (word: string) => englishRate(termOf(word)) * 1e6;

describe('english', () => {
  it('finds everyday words common: each is in more than 5% of English paragraphs', () => {
    for (const word of ['best', 'store', 'work', 'good', 'thing']) {
      expect(perMillion(word), word).toBeGreaterThan(100);
      expect(englishPassageShare(termOf(word)), word).toBeGreaterThan(0.005);
      expect(idf(word), word).toBeLessThan(5.5);
    }
  });

  it('finds "saxophone" and "crossbow" rare, yet English', () => {
    for (const word of ['saxophone', 'crossbow']) {
      expect(perMillion(word), word).toBeLessThan(10);
      expect(idf(word), word).toBeGreaterThan(8);
      expect(isEnglish(termOf(word), RANKING.englishWordCount), word).toBe(true);
    }
  });

  it('ranks a word English never uses as the most informative, and not English', () => {
    expect(englishCount(termOf('kubernetes'))).toBe(0);
    expect(isEnglish(termOf('kubernetes'), RANKING.englishWordCount)).toBe(false);
    expect(idf('kubernetes')).toBeGreaterThan(idf('crossbow'));
    expect(idf('crossbow')).toBeGreaterThan(idf('store'));
    expect(idf('store')).toBeGreaterThan(idf('work'));
  });

  it('counts the forms of a word under its term, as the search does', () => {
    expect(termOf('storing')).toBe(termOf('store'));
    // SUBTLEX counts "store" alone 4,178 times; "stores", "stored" and "storing" add to it.
    expect(englishCount(termOf('store'))).toBeGreaterThan(4178);
  });

  it('gives the same figures from run to run (the committed data)', () => {
    expect(englishCount(termOf('best'))).toBe(20655);
    expect(englishCount(termOf('saxophone'))).toBe(92);
    expect(idf('best').toFixed(4)).toBe('3.5792');
  });

  it('reads the data format and refuses data without a total', () => {
    const parsed = parseEnglishData('# comment\ntokens 1000\n10 best store\n2 saxophon\n');
    expect(parsed.tokens).toBe(1000);
    expect([...parsed.counts]).toEqual([
      ['best', 10],
      ['store', 10],
      ['saxophon', 2],
    ]);
    expect(() => parseEnglishData('10 best\n')).toThrow(/tokens/);
  });
});
