// Finds where a question's ideas stand in a text: a scan over its words (as words.ts defines them) that rules most
// of them out before stemming, multi-word forms matched as phrases, and only the paragraphs the index says can match.
import { STOP_WORDS, irregularFormsOf, surfaceOf, termOf } from './analyze.js';
import { mapped } from './arrays.js';
import { textAround, type SearchablePost } from '../storage/post-store.js';
import { RANKING, type RankingConfig } from './ranking.js';
import { paragraphBucket, type TermIndex } from './term-index.js';
import type { Alternative, MatchEvent, PreparedConcept, Ranges } from './types.js';
import { ASCII_WORD_CLASS, wordCharWidth, wordCharWidthBefore } from './words.js';

const MAX_EVENTS = 5000;
/** Texts up to this long are read whole; longer ones only in the paragraphs that can match (see matchingRanges). */
export const SCAN_ALL_CHARS = 4000;
const MERGE_GAP = 64;
/** Every paragraph bucket (see paragraphBucket): all 32 bits set. */
const ALL_BUCKETS = -1;
/** Terms of a multi-word form may have at most this many other words between them ("internet of things"). */
const PHRASE_GAP = 3;
/** What separates a post's paragraphs in its text (src/storage). */
const PARAGRAPH_BREAK = '\n\n';

/**
 * For each term, the alternatives that end with it (multi-word alternatives are matched as phrases), with the factor
 * of a word of the same stem but another form than the one typed (see Alternative.surface).
 */
export type Matcher = Map<string, Array<{ concept: number; inflected: number } & Alternative>>;

export function buildMatcher(concepts: readonly PreparedConcept[], ranking: RankingConfig = RANKING): Matcher {
  const matcher: Matcher = new Map();
  concepts.forEach((concept, c) => {
    for (const alternative of concept.alternatives) {
      const last = alternative.terms[alternative.terms.length - 1]!;
      const list = matcher.get(last) ?? [];
      // Every field written out, not spread: one hidden class for every target (see formOf in concepts.ts).
      list.push({
        concept: c,
        terms: alternative.terms,
        factor: alternative.factor,
        surface: alternative.surface,
        acronym: alternative.acronym,
        inflected: alternative.factor * ranking.inflectedFactor,
      });
      matcher.set(last, list);
    }
  });
  return matcher;
}

/**
 * A cheap test that rules out most words before they are stemmed: a term keeps the first letters of the word it
 * comes from (Porter only changes endings), so a word whose first letters start no target term cannot match.
 * Irregular forms ("went" → "go") and words with letters outside ASCII (folded first) are always stemmed.
 */
export interface WordFilter {
  /** By length 1 to 3: the first letters of the target terms, lowercase ASCII packed into a number (see packed). */
  prefixes: ReadonlyArray<ReadonlySet<number>>;
  /** Some target is a multi-word form: words that cannot match still hold their place between its words. */
  phrases: boolean;
  /**
   * Finds, in one native pass, where a word that may match can stand: those first letters after anything but an
   * ASCII letter or digit (null when no target has any). Most of a text is skipped without a word being read. The
   * characters outside ASCII, whose words are always looked at whole, are found by a pattern of their own
   * (NON_ASCII): one class as a second branch of this pattern made V8's matcher test every character against both,
   * and the scan took 1.3–1.7 times as long.
   */
  starts: RegExp | null;
}

/** Any character outside ASCII (see WordFilter.starts). */
const NON_ASCII = /[^\x00-\x7f]/g;

function prefixLength(term: string): number {
  return Math.min(3, Math.max(1, term.length - 1));
}

/** The first `length` characters of text at `at`, lowercased, 7 bits each; -1 when one is not ASCII. */
function packed(text: string, at: number, length: number): number {
  let key = 0;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(at + i);
    if (code > 127) return -1;
    if (code >= 65 && code <= 90) code |= 0x20;
    key = key * 128 + code;
  }
  return key;
}

export function wordFilter(matcher: Matcher): WordFilter {
  const prefixes = [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
  const written = new Set<string>();
  let phrases = false;
  const add = (word: string, length: number) => {
    if (word.length < length) return;
    const key = packed(word, 0, length);
    if (key < 0) return;
    prefixes[length]!.add(key);
    // Only letters and digits reach here (terms are made of them): nothing to escape.
    if (/^[a-z0-9]+$/i.test(word.slice(0, length))) written.add(word.slice(0, length).toLowerCase());
    else written.add('[^]');
  };
  for (const targets of matcher.values()) {
    for (const target of targets) {
      if (target.terms.length > 1) phrases = true;
      for (const term of target.terms) {
        // An acronym matches only a word written as one ("AI", "AIs"), which starts with all its letters.
        add(term, target.acronym ? Math.min(3, term.length) : prefixLength(term));
        // An irregular form is matched as written ("went"): its own first letters.
        for (const form of irregularFormsOf(term)) add(form, Math.min(3, form.length));
      }
    }
  }
  const alternatives = mapped(
    [...written].sort((a, b) => b.length - a.length),
    (start) => `${start}${notAnEmptyWord(start)}`,
  );
  const starts =
    alternatives.length > 0 ? new RegExp(`(?<![${ASCII_WORD_CLASS}])(?:${alternatives.join('|')})`, 'gi') : null;
  return { prefixes, phrases, starts };
}

/**
 * The ASCII words that index as no term (termOf gives ''): stop words and single letters. They cannot match, yet
 * three first letters let many of them through ("the", "they", "there" for "thesis"): about a third of the words the
 * slowest questions looked at.
 */
const EMPTY_WORDS = [...STOP_WORDS, ...'abcdefghijklmnopqrstuvwxyz'].filter((word) => /^[a-z0-9]+$/.test(word));

/**
 * After the first letters `start` of the word filter's pattern: a lookahead that fails when the word is one of
 * EMPTY_WORDS, so that the native scan passes over it. The word ends where no ASCII letter or digit follows; a word
 * going on with a letter outside ASCII is found by NON_ASCII, and looked at whole, all the same.
 */
function notAnEmptyWord(start: string): string {
  if (start === '[^]') return '';
  const rests: string[] = [];
  for (const word of EMPTY_WORDS) if (word.startsWith(start)) rests.push(word.slice(start.length));
  return rests.length > 0 ? `(?!(?:${rests.join('|')})(?![${ASCII_WORD_CLASS}]))` : '';
}

/** Whether the word text[start, end) may index as a target term; words with letters outside ASCII always may. */
function mayMatch(filter: WordFilter, text: string, start: number, end: number): boolean {
  const length = Math.min(3, end - start);
  if (packed(text, start, length) < 0) return true;
  for (let l = 1; l <= length; l++) {
    if (filter.prefixes[l]!.size > 0 && filter.prefixes[l]!.has(packed(text, start, l))) return true;
  }
  return false;
}

const RECENT = 8;
// Set phrases whose second word means nothing on its own: "of course" is not about courses.
// A word written as an acronym: two capitals or a digit ("AI", "IoT", "SaaS", "k8s"), not "Mr" nor "ai".
const ACRONYM_LIKE = /\p{Lu}.*\p{Lu}|\d/u;
const IDIOMS = new Set(['of course', 'at least', 'in fact', 'in order', 'other hand', 'in terms']);
/** The words that end an idiom: only after one of them is the word before looked at. */
const IDIOM_ENDS = new Set(mapped([...IDIOMS], (idiom) => idiom.slice(idiom.lastIndexOf(' ') + 1)));

/**
 * The paragraphs of a post that can hold a match, from the index's paragraph buckets: only they are read, so a long
 * post costs what its matching paragraphs cost. Neighbouring runs closer than MERGE_GAP are read as one.
 */
export function matchingRanges(post: SearchablePost, length: number, mask: number): Ranges {
  const starts = post.paragraphStarts;
  const count = starts.length;
  if (length <= SCAN_ALL_CHARS || count === 0) return [0, length];
  const ranges: number[] = [];
  for (let p = 0; p < count; p++) {
    if (((mask >>> paragraphBucket(p, count)) & 1) === 0) continue;
    const from = starts[p]!;
    const to = p + 1 < count ? starts[p + 1]! : length;
    if (ranges.length > 0 && from - ranges[ranges.length - 1]! < MERGE_GAP) ranges[ranges.length - 1] = to;
    else ranges.push(from, to);
  }
  return ranges;
}

/**
 * Per idea, the paragraph buckets of a post that may hold it: those holding every word of one of its forms (a
 * paragraph can only match a multi-word form if it holds all its words).
 */
export function conceptMasks(index: TermIndex, doc: number, concepts: readonly PreparedConcept[]): number[] {
  return mapped(concepts, (concept) => {
    let mask = 0;
    for (const alternative of concept.alternatives) {
      let all = ALL_BUCKETS;
      for (const term of alternative.terms) {
        const id = index.termId(term);
        all &= id === undefined ? 0 : index.paragraphMask(doc, [id]);
      }
      mask |= all;
    }
    return mask;
  });
}

/** Every complete match in the given stretches of the text, by start; one pass over their words. */
export function findEvents(
  text: string,
  matcher: Matcher,
  ranges: Ranges = [0, text.length],
  filter: WordFilter = wordFilter(matcher),
): MatchEvent[] {
  const events: MatchEvent[] = [];
  for (let r = 0; r < ranges.length && events.length < MAX_EVENTS; r += 2)
    scanStretch(text, 0, ranges[r]!, ranges[r + 1]!, matcher, filter, events);
  return sortedByStart(events);
}

/**
 * The same over a post read a stretch at a time (see SearchablePost.textAround): only the paragraphs holding the
 * stretches are decoded. Offsets are the whole text's.
 */
export function findEventsInPost(
  post: SearchablePost,
  matcher: Matcher,
  ranges: Ranges,
  filter: WordFilter = wordFilter(matcher),
): MatchEvent[] {
  const events: MatchEvent[] = [];
  for (let r = 0; r < ranges.length && events.length < MAX_EVENTS; r += 2) {
    const piece = textAround(post, ranges[r]!, ranges[r + 1]!);
    scanStretch(
      piece.text,
      piece.start,
      ranges[r]! - piece.start,
      ranges[r + 1]! - piece.start,
      matcher,
      filter,
      events,
    );
  }
  return sortedByStart(events);
}

function byStart(a: MatchEvent, b: MatchEvent): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * The matches by start. A scan finds them in that order but for multi-word forms (which start words back), and V8's
 * sort copies the array whether or not it is in order: one pass first spares most of that garbage. The sort is
 * stable, so an array already in order is left as it is either way.
 */
function sortedByStart(events: MatchEvent[]): MatchEvent[] {
  for (let i = 1; i < events.length; i++) if (byStart(events[i - 1]!, events[i]!) > 0) return events.sort(byStart);
  return events;
}

/**
 * Adds the matches in text[rangeStart, rangeEnd) to `events`, at offsets moved by `base` (where `text` starts in the
 * whole text). The stretch must end where a paragraph ends: a word is read whole, past the stretch if need be.
 */
function scanStretch(
  text: string,
  base: number,
  rangeStart: number,
  rangeEnd: number,
  matcher: Matcher,
  filter: WordFilter,
  events: MatchEvent[],
): void {
  // The last few meaningful words, for matching multi-word forms ending at the current word. A multi-word form never
  // spans the paragraphs left out between two stretches.
  const recent: Array<{ term: string; position: number; start: number }> = [];
  // Word count of the last word that may match; the words skipped since are counted only when a multi-word form
  // could still continue across them.
  let position = 0;
  let looked = rangeStart;
  let skippedFrom = rangeStart;
  // Where each pattern hits next at or after `looked` (Infinity: nowhere); a hit still ahead is kept, not looked for
  // again.
  let nextStart = -1;
  let nextOther = -1;
  while (events.length < MAX_EVENTS) {
    if (nextStart < looked) nextStart = filter.starts ? hitFrom(filter.starts, text, looked) : Infinity;
    if (nextOther < looked) nextOther = hitFrom(NON_ASCII, text, looked);
    // The hit's last character is a letter of the word (or the character outside ASCII); the word is read whole from
    // its start.
    let start = Math.min(nextStart, nextOther);
    if (start === Infinity) break;
    if (wordCharWidth(text, start) === 0) {
      if (start >= rangeEnd) break;
      looked = start + 1;
      continue;
    }
    for (
      let width = wordCharWidthBefore(text, start);
      width > 0 && start - width >= looked;
      width = wordCharWidthBefore(text, start)
    )
      start -= width;
    if (start >= rangeEnd) break;
    let at = start;
    let width = wordCharWidth(text, at);
    do at += width;
    while (at < text.length && (width = wordCharWidth(text, at)) > 0);
    const wordEnd = at;
    looked = wordEnd;
    if (!mayMatch(filter, text, start, wordEnd)) continue;

    const last = recent[recent.length - 1];
    if (filter.phrases && last !== undefined && last.term !== '')
      position = skipWords(text, skippedFrom, start, position, last.position, recent);
    else position += PHRASE_GAP + 1;
    position++;
    skippedFrom = wordEnd;

    const word = text.slice(start, wordEnd);
    const term = termOf(word);
    if (!term) continue;
    recent.push({ term, position, start });
    if (recent.length > RECENT) recent.shift();
    const targets = matcher.get(term);
    if (!targets) continue;
    const lower = word.toLowerCase();
    if (IDIOM_ENDS.has(lower) && IDIOMS.has(`${previousWord(text, start, rangeStart).toLowerCase()} ${lower}`))
      continue;
    const end = wordEnd;
    for (const target of targets) {
      const length = target.terms.length;
      if (length === 1) {
        if (target.acronym && !ACRONYM_LIKE.test(word)) continue;
        const factor = target.surface && surfaceOf(word) !== target.surface ? target.inflected : target.factor;
        events.push({ start: base + start, end: base + end, concept: target.concept, factor });
        continue;
      }
      if (length > recent.length) continue;
      let ok = true;
      for (let k = 1; k <= length && ok; k++) {
        const earlier = recent[recent.length - k]!;
        ok =
          earlier.term === target.terms[length - k] &&
          (k === 1 || recent[recent.length - k + 1]!.position - earlier.position <= PHRASE_GAP);
      }
      // Nor does it span two paragraphs: the index's paragraph masks, which bound what a post can score, could not
      // tell.
      if (ok && text.slice(recent[recent.length - length]!.start, start).includes(PARAGRAPH_BREAK)) ok = false;
      if (ok)
        events.push({
          start: base + recent[recent.length - length]!.start,
          end: base + end,
          concept: target.concept,
          factor: target.factor,
        });
    }
  }
}

/**
 * The last character of the first match of `pattern` starting at or after `from`, or Infinity. test, not exec: no
 * match object per hit.
 */
function hitFrom(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex - 1 : Infinity;
}

/**
 * Counts the words of text[from, to), none of which can match, after the word at `position`: the position of the
 * last one. A meaningful one standing within PHRASE_GAP words of the last target word breaks a multi-word form: it
 * is recorded in `recent`. Counting stops once past PHRASE_GAP: farther, no form can continue anyway.
 */
function skipWords(
  text: string,
  from: number,
  to: number,
  position: number,
  lastTarget: number,
  recent: Array<{ term: string; position: number; start: number }>,
): number {
  let at = from;
  while (at < to) {
    let width = wordCharWidth(text, at);
    if (width === 0) {
      at++;
      continue;
    }
    const start = at;
    do at += width;
    while (at < text.length && (width = wordCharWidth(text, at)) > 0);
    position++;
    if (position - lastTarget > PHRASE_GAP) return position;
    if (at - start > 1 && !STOP_WORDS.has(text.slice(start, at).toLowerCase())) {
      recent.push({ term: '', position, start });
      if (recent.length > RECENT) recent.shift();
      return position + PHRASE_GAP + 1;
    }
  }
  return position;
}

/** The word just before `at` (not before `floor`), or '' when there is none. */
function previousWord(text: string, at: number, floor: number): string {
  let end = at;
  while (end > floor && wordCharWidthBefore(text, end) === 0) end--;
  let start = end;
  for (
    let width = wordCharWidthBefore(text, start);
    width > 0 && start - width >= floor;
    width = wordCharWidthBefore(text, start)
  )
    start -= width;
  return text.slice(start, end);
}

/** Per concept, the best factor among its matches (0 when it has none). */
export function strengths(concepts: readonly PreparedConcept[], events: readonly MatchEvent[]): number[] {
  const strength = mapped(concepts, () => 0);
  for (const event of events) strength[event.concept] = Math.max(strength[event.concept]!, event.factor);
  return strength;
}
