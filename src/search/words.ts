// What a word is, for the index (which scans UTF-8 bytes), the matcher and the query parser alike: a run of letters,
// digits and combining marks (an accent typed apart from its letter stays in the word). Anything else ends a word:
// an apostrophe ("don't" is "don" and "t", "Rémi's" is "Rémi" and "s"), a hyphen ("e-mail" is "e" and "mail"),
// a dash, a space, punctuation, an emoji. What a word means as a search term (folding, stop words, stems) is
// analyze.ts's job.

/** The characters of a word, as a character class: letters, digits (any script) and combining marks. */
const WORD_CLASS = '\\p{L}\\p{N}\\p{M}';
/** The same class restricted to ASCII, for patterns that look at ASCII only (see matching.ts's word filter). */
export const ASCII_WORD_CLASS = 'A-Za-z0-9';

const WORD = new RegExp(`[${WORD_CLASS}]+`, 'gu');
const WORD_CHAR = new RegExp(`^[${WORD_CLASS}]$`, 'u');

/** 1 for the ASCII characters that belong to words, else 0: the hot loops test ASCII with one array read. */
export const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) =>
  WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0,
);

// Other code points are classified once each: a table for the Basic Multilingual Plane, a map beyond it.
const bmpClass = new Uint8Array(65536); // 0: not known yet, 1: word character, 2: not
const astralClass = new Map<number, boolean>();

/** Whether a code point belongs to a word (a lone surrogate does not). */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return ASCII_WORD[cp] === 1;
  if (cp < 0x10000) {
    let known = bmpClass[cp]!;
    if (known === 0) bmpClass[cp] = known = WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
    return known === 1;
  }
  let word = astralClass.get(cp);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(cp));
    if (astralClass.size < 65_536) astralClass.set(cp, word);
  }
  return word;
}

/** Calls back with the [start, end) of each word of a text, in order (UTF-16 offsets). */
export function forEachWord(text: string, visit: (start: number, end: number) => void): void {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    const end = match.index + match[0].length;
    visit(match.index, end);
    // The visitor may have scanned words of its own with the same pattern.
    WORD.lastIndex = end;
  }
}

/** The words of a text, in order. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  forEachWord(text, (start, end) => words.push(text.slice(start, end)));
  return words;
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning a string one character at a time (the matcher)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The width in UTF-16 units of the word character at text[at] (2 for a letter beyond the BMP), or 0 when it is none.
 */
export function wordCharWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128) return ASCII_WORD[code]!;
  const point = text.codePointAt(at)!;
  return isWordCodePoint(point) ? (point > 0xffff ? 2 : 1) : 0;
}

/** The width of the word character ending just before text[at], or 0 when there is none. */
export function wordCharWidthBefore(text: string, at: number): number {
  if (at <= 0) return 0;
  const code = text.charCodeAt(at - 1);
  if (code >= 0xdc00 && code <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return wordCharWidth(text, at - 2) === 2 ? 2 : 0;
  }
  return wordCharWidth(text, at - 1) === 1 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning UTF-8 bytes (the index): the same classes, a code point decoded only outside ASCII
// ---------------------------------------------------------------------------------------------------------------

/** The length in bytes of the UTF-8 sequence starting with `lead` (≥ 0x80). */
export function utf8Width(lead: number): number {
  return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** The code point of the UTF-8 sequence at bytes[i], whose first byte `lead` (≥ 0x80) is given. */
export function codePointAt(bytes: Uint8Array, i: number, lead: number): number {
  if (lead < 0xe0) return ((lead & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
  if (lead < 0xf0) return ((lead & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
  return (
    ((lead & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f)
  );
}
