// How common each search term is in general English, so the search can tell a word a blog never uses because it is
// ordinary ("best", "way") from one it never uses because it is rare ("saxophone"). The counts come from
// src/search/data/english.txt.gz (SUBTLEX-US subtitles, built by `npm run build:english`), read once, when first asked.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const DATA_FILE = new URL('./data/english.txt.gz', import.meta.url);

/** The passage an English IDF speaks of: about a paragraph's meaningful terms. */
export const PASSAGE_TERMS = 30;
/** What an unseen term counts as: half an occurrence, below every term that was seen. */
const UNSEEN_COUNT = 0.5;

export interface EnglishCounts {
  /** Meaningful terms in the whole corpus (the denominator of every rate). */
  tokens: number;
  counts: ReadonlyMap<string, number>;
}

let loaded: EnglishCounts | undefined;

/** The background counts, read and parsed on first use (about 40k terms). */
export function englishCounts(): EnglishCounts {
  loaded ??= parseEnglishData(gunzipSync(readFileSync(DATA_FILE)).toString('utf8'));
  return loaded;
}

export function parseEnglishData(text: string): EnglishCounts {
  const counts = new Map<string, number>();
  let tokens = 0;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(' ');
    if (fields[0] === 'tokens') {
      tokens = Number(fields[1]);
      continue;
    }
    const count = Number(fields[0]);
    for (let i = 1; i < fields.length; i++) counts.set(fields[i]!, count);
  }
  if (!(tokens > 0) || counts.size === 0) throw new Error('english data: no "tokens" line or no terms');
  return { tokens, counts };
}

/** How many times the term occurs in the background corpus (0 when never). */
export function englishCount(term: string): number {
  return englishCounts().counts.get(term) ?? 0;
}

/**
 * Whether the term is an English word: seen at least `minCount` times in the background corpus, so not a misspelling
 * (RankingConfig.englishWordCount says how many).
 */
export function isEnglish(term: string, minCount: number): boolean {
  return englishCount(term) >= minCount;
}

/**
 * The term's share of English running text (meaningful terms only), smoothed so an unseen term is rarer than any seen
 * one.
 */
export function englishRate(term: string): number {
  const { tokens } = englishCounts();
  return Math.max(englishCount(term), UNSEEN_COUNT) / tokens;
}

/** The chance that an English passage of `passageTerms` meaningful terms holds the term at least once. */
export function englishPassageShare(term: string, passageTerms = PASSAGE_TERMS): number {
  return -Math.expm1(-passageTerms * englishRate(term));
}

/**
 * How informative the term is in English, as an IDF over passages: −ln of the chance that a passage holds it. About
 * 1.5 for "know", 3–5 for "best", "way", "work", 9 for "saxophone", and 14 (the most) for a term English never uses.
 */
export function englishIdf(term: string, passageTerms = PASSAGE_TERMS): number {
  return -Math.log(englishPassageShare(term, passageTerms));
}
