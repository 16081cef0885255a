import { describe, expect, it } from 'vitest';
import { cut, cutIndex } from '../../src/replies/cut.js';
import { isWellFormed } from '../content/factories.js';

describe('cut', () => {
  it('leaves short text alone', () => {
    expect(cut('short', 10)).toBe('short');
  });

  it('cuts at a word boundary and marks the cut with …', () => {
    expect(cut('the quick brown fox jumps', 18)).toBe('the quick brown…');
  });

  it('cuts inside a word only when the last word boundary is far back', () => {
    expect(cut(`a ${'b'.repeat(30)}`, 12)).toBe(`a ${'b'.repeat(9)}…`);
  });

  it('never splits an emoji in two', () => {
    for (let max = 2; max < 12; max++) expect(isWellFormed(cut('😀😀😀😀😀😀😀😀', max))).toBe(true);
  });
});

describe('cutIndex', () => {
  it('keeps a whole word that ends at the limit, without the white space after it', () => {
    expect(cutIndex('the quick brown fox', 9)).toBe(9);
    expect(cutIndex('the quick  brown fox', 11)).toBe(9);
  });
});
