// Shortening text for a limited room: "…" where it cuts, never half an emoji, between words when asked.
import { describe, expect, it } from 'vitest';
import { keptLength, truncate, truncationEnd } from '../../src/text/truncate.js';
import { isWellFormed } from '../content/factories.js';

describe('truncate', () => {
  it('keeps text that fits and cuts longer text with …, within the room', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('never splits an emoji', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    for (let max = 1; max < 12; max++)
      expect(isWellFormed(truncate('😀😀😀😀😀😀😀😀', max, { atWord: max % 2 === 0 }))).toBe(true);
  });

  it('cuts between words when asked, unless that leaves too little', () => {
    expect(truncate('the quick brown fox jumps', 18, { atWord: true })).toBe('the quick brown…');
    expect(truncate('see https://example.com/a/very/long/address', 20, { atWord: true })).toBe('see https://example…');
  });

  it('tells where it cuts, for a caller that tidies the kept part', () => {
    expect(truncationEnd('short', 10)).toBe(5);
    expect(truncationEnd('the quick brown fox jumps', 18, { atWord: true })).toBe('the quick brown'.length);
  });
});

describe('keptLength', () => {
  it('keeps a whole word that ends at the limit, without the white space after it', () => {
    expect(keptLength('the quick brown fox', 9, { atWord: true })).toBe(9);
    expect(keptLength('the quick  brown fox', 11, { atWord: true })).toBe(9);
  });

  it('cuts inside a word only when the last word boundary is far back', () => {
    expect(keptLength(`a ${'b'.repeat(30)}`, 11, { atWord: true })).toBe(11);
  });
});
