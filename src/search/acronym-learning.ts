// Learns, while a blog is indexed, the acronyms its posts spell out beside them: "Tensor Processing Unit (TPU)" or
// "TPU (Tensor Processing Unit)". A long form counts when the initial letters of its words spell the acronym; small
// words inside it ("of", "as a") may spell a letter or be left out ("Internet of Things (IoT)", "Bureau of Labor
// Statistics (BLS)"). Nothing here is fitted to one blog: what a blog writes is what it teaches.
import { STOP_WORDS, fold, termOf } from './analyze.js';
import type { AcronymList } from './types.js';
import { forEachWord } from './words.js';

export interface LearnedAcronym {
  /** Lowercase and singular: "TPUs" → "tpu". */
  acronym: string;
  /** The words as written, lowercase, one space apart: "tensor processing units". */
  longForm: string;
}

/**
 * An acronym: 2 to 10 Latin letters, two of them capitals at least ("TPU", "IoT", "SaaS", "eBPF"), maybe a plural "s".
 */
const ACRONYM = /^[A-Za-z]{2,10}$/;
/** How far from the parenthesis a long form is looked for, in characters. */
const REACH = 160;
/** A long form may hold this many small words beyond one word per letter. */
const EXTRA_WORDS = 3;
/** Between two words of a long form: spaces, or a hyphen ("Field-Programmable Gate Array"). */
const JOINER = /^(?:[ \t]+|[ \t]*[-‐][ \t]*)$/;

/** Every acronym a text spells out beside its long form, in order. */
export function acronymsBeside(text: string): LearnedAcronym[] {
  const found: LearnedAcronym[] = [];
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
    // "Long Form (ACR)": the acronym alone in the parenthesis (or first, before a comma), the long form just before.
    const inside = /^\([ \t]*([A-Za-z]+)[ \t]*[),;]/.exec(text.slice(open, open + 16));
    const letters = inside ? lettersOf(inside[1]!) : undefined;
    if (letters) {
      const before = wordsAround(text, Math.max(0, open - REACH), open, 'before');
      const longForm = spelled(before.slice(-(letters.length + EXTRA_WORDS)), letters, 'end');
      if (longForm) found.push({ acronym: letters, longForm });
      continue;
    }
    // "ACR (Long Form)": the acronym just before the parenthesis, the long form first in it.
    const from = Math.max(0, open - 24);
    const acronym = /(?:^|[^\p{L}\p{N}\p{M}])([A-Za-z]+)[ \t]*$/u.exec(text.slice(from, open));
    // A word cut by the start of the stretch is no acronym: it is longer than one.
    const whole = acronym && (acronym.index > 0 || from === 0);
    const shortLetters = whole ? lettersOf(acronym[1]!) : undefined;
    if (!shortLetters) continue;
    const close = text.indexOf(')', open);
    const after = wordsAround(text, open + 1, close < 0 ? Math.min(text.length, open + REACH) : close, 'after');
    const longForm = spelled(after.slice(0, shortLetters.length + EXTRA_WORDS), shortLetters, 'start', (end) =>
      /^[ \t]*[),;]/.test(text.slice(end, end + 8)),
    );
    if (longForm) found.push({ acronym: shortLetters, longForm });
  }
  return found;
}

/** The acronym's letters, lowercase and without a plural "s" ("TPUs" → "tpu"), or undefined when it is no acronym. */
function lettersOf(token: string): string | undefined {
  if (!ACRONYM.test(token)) return undefined;
  const singular = /^[A-Za-z]*[A-Z]s$/.test(token) && token.length > 2 ? token.slice(0, -1) : token;
  const capitals = singular.replace(/[^A-Z]/g, '').length;
  return capitals >= 2 && singular.length >= 2 ? singular.toLowerCase() : undefined;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * The run of words in text[from, to) that reaches the parenthesis: `before` it, the words ending just before it;
 * `after` it, the words starting just after it. Words of a run stand a space or a hyphen apart.
 */
function wordsAround(text: string, from: number, to: number, side: 'before' | 'after'): Word[] {
  const words: Word[] = [];
  const stretch = text.slice(from, to);
  forEachWord(stretch, (start, end) =>
    words.push({ text: stretch.slice(start, end), start: from + start, end: from + end }),
  );
  const joined = (a: Word, b: Word) => JOINER.test(text.slice(a.end, b.start));
  if (side === 'before') {
    let first = words.length;
    if (first === 0 || !/^[ \t]*$/.test(text.slice(words[first - 1]!.end, to))) return [];
    while (first > 1 && joined(words[first - 2]!, words[first - 1]!)) first--;
    return words.slice(first - 1);
  }
  if (words.length === 0 || !/^[ \t]*$/.test(text.slice(from, words[0]!.start))) return [];
  let last = 0;
  while (last + 1 < words.length && joined(words[last]!, words[last + 1]!)) last++;
  return words.slice(0, last + 1);
}

/**
 * The shortest run of words next to the parenthesis (ending at the `end` of `words`, or starting at their `start`)
 * whose words spell `letters`: each word gives its initial letter, small words inside may give none. Undefined when
 * no run does, or when `fits` refuses where it ends.
 */
function spelled(
  words: readonly Word[],
  letters: string,
  anchor: 'start' | 'end',
  fits: (end: number) => boolean = () => true,
): string | undefined {
  for (let size = letters.length; size <= words.length; size++) {
    const run = anchor === 'end' ? words.slice(words.length - size) : words.slice(0, size);
    if (spells(run, letters) && fits(run[run.length - 1]!.end))
      return run.map((word) => word.text.toLowerCase()).join(' ');
  }
  return undefined;
}

/**
 * Whether the words spell the letters exactly: the first and last words give a letter, small words between may not.
 * A long form never starts with a small word: "the Office of Business Economics (OBE)" is not "of business economics".
 */
function spells(words: readonly Word[], letters: string): boolean {
  const initials = words.map((word) => fold(word.text)[0] ?? '');
  const small = words.map((word) => STOP_WORDS.has(fold(word.text)));
  if (small[0]) return false;
  const from = (w: number, l: number): boolean => {
    if (w === words.length) return l === letters.length;
    if (l < letters.length && initials[w] === letters[l] && /\p{L}/u.test(initials[w]!) && from(w + 1, l + 1))
      return true;
    return small[w]! && w > 0 && w < words.length - 1 && from(w + 1, l);
  };
  return from(0, 0);
}

/** A blog rarely spells one acronym out in more ways than this; more would be noise. */
const MAX_FORMS = 3;

/**
 * Gathers the pairs the posts of a blog spell out; at most MAX_FORMS long forms per acronym, the most written first.
 */
export class AcronymCollector {
  private readonly pairs = new Map<string, Map<string, { longForm: string; count: number }>>();

  add(text: string): void {
    for (const { acronym, longForm } of acronymsBeside(text)) {
      // "tensor processing unit" and "Tensor Processing Units" are one long form: the same terms.
      const key = longForm
        .split(' ')
        .map((word) => termOf(word))
        .join(' ');
      const forms = this.pairs.get(acronym) ?? new Map<string, { longForm: string; count: number }>();
      const known = forms.get(key);
      if (known) known.count++;
      else forms.set(key, { longForm, count: 1 });
      this.pairs.set(acronym, forms);
    }
  }

  finish(): AcronymList {
    const list: Record<string, string[]> = {};
    for (const acronym of [...this.pairs.keys()].sort()) {
      const forms = [...this.pairs.get(acronym)!.values()].sort(
        (a, b) => b.count - a.count || (a.longForm < b.longForm ? -1 : 1),
      );
      list[acronym] = forms.slice(0, MAX_FORMS).map((form) => form.longForm);
    }
    return list;
  }
}
