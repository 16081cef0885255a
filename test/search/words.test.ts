// What a word is: runs of letters, digits and accents; apostrophes, hyphens, dashes, punctuation and emoji end one.
import { describe, expect, it } from 'vitest';
import {
  ASCII_WORD,
  ASCII_WORD_CLASS,
  codePointAt,
  isWordCodePoint,
  utf8Width,
  wordCharWidth,
  wordCharWidthBefore,
  wordsOf,
} from '../../src/search/words.js';

describe('wordsOf', () => {
  it('splits at apostrophes, hyphens, dashes and punctuation', () => {
    expect(wordsOf("Don't read O'Reilly's e-mail—twice.")).toEqual([
      'Don',
      't',
      'read',
      'O',
      'Reilly',
      's',
      'e',
      'mail',
      'twice',
    ]);
    expect(wordsOf('Rémi’s k8s (TPUs), 3.14')).toEqual(['Rémi', 's', 'k8s', 'TPUs', '3', '14']);
  });

  it('keeps an accent typed apart from its letter inside the word, and leaves emoji out', () => {
    expect(wordsOf('re\u0301sume\u0301 👍🏽 naïve')).toEqual(['re\u0301sume\u0301', 'naïve']);
    expect(wordsOf('中文 𝐀𝐁 русский')).toEqual(['中文', '𝐀𝐁', 'русский']);
  });
});

describe('character classes', () => {
  it('classifies ASCII the same in the table and in the class used by patterns', () => {
    const pattern = new RegExp(`^[${ASCII_WORD_CLASS}]$`);
    for (let code = 0; code < 128; code++) expect(ASCII_WORD[code] === 1).toBe(pattern.test(String.fromCharCode(code)));
  });

  it('gives the width of a word character in UTF-16 units, before and at a position', () => {
    const text = 'a𝐀-é';
    expect([0, 1, 3, 4].map((at) => wordCharWidth(text, at))).toEqual([1, 2, 0, 1]);
    expect([1, 3, 4, 5].map((at) => wordCharWidthBefore(text, at))).toEqual([1, 2, 0, 1]);
    expect(isWordCodePoint(0xd800)).toBe(false);
  });

  it('decodes the code points of UTF-8 bytes as the string scanner sees them', () => {
    for (const character of ['é', '中', '𝐀', '’']) {
      const bytes = new TextEncoder().encode(character);
      expect(utf8Width(bytes[0]!)).toBe(bytes.length);
      expect(codePointAt(bytes, 0, bytes[0]!)).toBe(character.codePointAt(0));
    }
  });
});
