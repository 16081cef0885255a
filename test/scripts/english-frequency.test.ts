// The background English data: built from SUBTLEX with the search's own analyzer, and the committed file is up to date.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildEnglishData,
  countEnglishTerms,
  ENGLISH_DATA_FILE,
  formatEnglishData,
} from '../../scripts/corpus/english-frequency.js';

describe('english-frequency', () => {
  it('adds up the forms of a word under one term and leaves out stop words', () => {
    const counts = countEnglishTerms([
      { word: 'the', count: 100 },
      { word: 'stores', count: 3 },
      { word: 'Store', count: 5 },
      { word: 'saxophone', count: 2 },
    ]);
    expect(counts).toEqual({
      tokens: 10,
      terms: [
        ['store', 8],
        ['saxophon', 2],
      ],
    });
  });

  it('keeps the most frequent terms when limited, and writes one line per count', () => {
    const counts = countEnglishTerms(
      [
        { word: 'best', count: 9 },
        { word: 'work', count: 9 },
        { word: 'crossbow', count: 1 },
      ],
      2,
    );
    expect(counts.tokens).toBe(19);
    expect(formatEnglishData(counts, 'test').split('\n').slice(2)).toEqual(['tokens 19', '9 best work', '']);
  });

  it('the committed data is what the script builds (rebuild: `npm run build:english` if the analyzer changes)', () => {
    const committed = gunzipSync(readFileSync(ENGLISH_DATA_FILE)).toString('utf8');
    expect(gunzipSync(buildEnglishData()).toString('utf8') === committed).toBe(true);
  });
});
