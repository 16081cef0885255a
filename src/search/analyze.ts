// Turns text into search terms: words found with their positions, folded to plain lowercase, stop words dropped, stemmed.
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopWords } from 'natural/lib/natural/util/stopwords.js';

export const STOP_WORDS: ReadonlySet<string> = new Set(naturalStopWords);

/** A word as it stands in a text: where it starts and ends, and the term it indexes as ('' for a stop word). */
export interface Token {
  start: number;
  end: number;
  term: string;
}

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

// The same few thousand words come back again and again: each is folded and stemmed once.
const termCache = new Map<string, string>();
const TERM_CACHE_LIMIT = 500_000;

/** Lowercase without accents, so "Rémi" and "remi" meet. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFKD').replace(MARKS, '') : lower;
}

/** The index term for one word: '' when it carries no meaning (stop word, single letter). */
export function termOf(word: string): string {
  let term = termCache.get(word);
  if (term === undefined) {
    const folded = fold(word);
    term = folded.length < 2 && !/\d/.test(folded) ? '' : STOP_WORDS.has(folded) ? '' : stem(folded);
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    termCache.set(word, term);
  }
  return term;
}

export function stem(folded: string): string {
  // Porter is made for English words; numbers and mixed tokens like "k8s" stay as they are.
  return /^[a-z]+$/.test(folded) ? porterStemmer.stem(folded) : folded;
}

/** Every word of a text with its span, stop words included (term ''), so excerpts can be cut around them. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    tokens.push({ start: match.index, end: match.index + match[0].length, term: termOf(match[0]) });
  }
  return tokens;
}

/** Calls back for each meaningful term of a text, without building token objects (the indexing hot path). */
export function forEachTerm(text: string, visit: (term: string) => void): void {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    const term = termOf(match[0]);
    if (term) visit(term);
  }
}
