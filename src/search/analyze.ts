// Turns words into search terms (words.ts says what a word is): folded to plain lowercase, stop words dropped, stemmed.
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopWords } from 'natural/lib/natural/util/stopwords.js';
import { forEachWord } from './words.js';

// "us" is missing from natural's list, and Porter stems "use", "used" and "useful" to "us" as well.
export const STOP_WORDS: ReadonlySet<string> = new Set([...naturalStopWords, 'us']);

const MARKS = /\p{M}+/gu;

// The same few thousand words come back again and again: each is folded and stemmed once.
const termCache = new Map<string, string>();
const TERM_CACHE_LIMIT = 500_000;

/**
 * The word as a string of its own. A word sliced out of a longer text (13 characters or more) is, to V8, a view that
 * keeps that whole text alive: kept as a cache key, it would keep a post's paragraphs in memory for good.
 */
/** termOf without the cache, for words tried once (the guesses behind a typo) that would only crowd it. */
export function uncachedTermOf(word: string): string {
  const folded = fold(word);
  return folded.length < 2 && !/\d/.test(folded) ? '' : STOP_WORDS.has(folded) ? '' : stem(folded);
}

function ownCopy(word: string): string {
  return word.length < 13 ? word : ` ${word}`.slice(1);
}

/** Lowercase without accents, so "Rémi" and "remi" meet. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFKD').replace(MARKS, '') : lower;
}

/** The index term for one word: '' when it carries no meaning (stop word, single letter). */
export function termOf(word: string): string {
  let term = termCache.get(word);
  if (term === undefined) {
    term = uncachedTermOf(word);
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    termCache.set(ownCopy(word), term);
  }
  return term;
}

// Irregular verb forms Porter cannot relate to their verb ("lost" → "lose", "built" → "build"). Forms that are
// also words of their own ("left", "found", "felt", "fell", "led", "lit", "rose", "fed") are left alone.
const IRREGULAR = new Map<string, string>(
  `lost:lose built:build wrote:write written:write bought:buy brought:bring taught:teach thought:think caught:catch
   sought:seek fought:fight ran:run began:begin begun:begin chose:choose chosen:choose drove:drive driven:drive
   gave:give given:give grew:grow grown:grow knew:know known:know held:hold kept:keep meant:mean met:meet
   paid:pay sold:sell sent:send spent:spend spoke:speak spoken:speak stood:stand understood:understand won:win
   broke:break broken:break forgot:forget forgotten:forget hid:hide hidden:hide rode:ride ridden:ride
   risen:rise shook:shake shaken:shake stole:steal stolen:steal swam:swim swum:swim threw:throw thrown:throw
   wore:wear worn:wear flew:fly flown:fly drew:draw drawn:draw ate:eat eaten:eat fallen:fall forgave:forgive
   forgiven:forgive froze:freeze frozen:freeze lent:lend slept:sleep struck:strike swept:sweep told:tell
   went:go gone:go sang:sing sung:sing sank:sink sunk:sink dealt:deal dug:dig fled:flee hung:hang
   overcame:overcome overcome:overcome undertook:undertake undertaken:undertake withdrew:withdraw withdrawn:withdraw
   mice:mouse geese:goose feet:foot teeth:tooth children:child men:man women:woman people:person`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);

let irregularByTerm: Map<string, string[]> | undefined;

/** The irregular forms whose term is `term` ("went" for "go"): they do not start like the term they index as. */
export function irregularFormsOf(term: string): readonly string[] {
  if (!irregularByTerm) {
    irregularByTerm = new Map();
    for (const [form, base] of IRREGULAR) {
      const key = porterStemmer.stem(base);
      irregularByTerm.set(key, [...(irregularByTerm.get(key) ?? []), form]);
    }
  }
  return irregularByTerm.get(term) ?? [];
}

// The surface forms of the words the matcher met (see surfaceOf), as the terms are kept.
const surfaceCache = new Map<string, string>();

/**
 * surfaceForm of a word of a text, kept: the matcher asks it of every match of a word typed with a surface, and
 * working it out each time (folding, four patterns, slices) made about 6% of a question's garbage.
 */
export function surfaceOf(word: string): string {
  let surface = surfaceCache.get(word);
  if (surface === undefined) {
    // Worked out on the copy: a form sliced from the word would keep its text alive too.
    const own = ownCopy(word);
    surface = surfaceForm(own);
    if (surfaceCache.size >= TERM_CACHE_LIMIT) surfaceCache.clear();
    surfaceCache.set(own, surface);
  }
  return surface;
}

/** A word with only its plural or possessive ending taken off: "limitations" → "limitation", not "limit". */
export function surfaceForm(word: string): string {
  const folded = fold(word).replace(/['’]s$/, '');
  if (folded.length <= 3 || !/^[a-z]+$/.test(folded)) return folded;
  if (folded.endsWith('ies')) return `${folded.slice(0, -3)}y`;
  if (/(?:ss|x|z|ch|sh)es$/.test(folded)) return folded.slice(0, -2);
  if (/[^su]s$/.test(folded)) return folded.slice(0, -1);
  return folded;
}

export function stem(folded: string): string {
  // Porter is made for English words; numbers and mixed tokens like "k8s" stay as they are.
  if (!/^[a-z]+$/.test(folded)) return folded;
  return porterStemmer.stem(IRREGULAR.get(folded) ?? folded);
}

/** Calls back for each meaningful term of a text, without building token objects (the indexing hot path). */
export function forEachTerm(text: string, visit: (term: string) => void): void {
  forEachWord(text, (start, end) => {
    const term = termOf(text.slice(start, end));
    if (term) visit(term);
  });
}
