// Short forms readers type and the long forms posts spell out (and back): each pair is searched as one idea. Two
// sources: a list of general, widely known acronyms (acronyms.json), and the pairs a blog spells out itself, learned
// when it is indexed (acronym-learning.ts) and kept with the index. The query parser and the preparation of a
// question's ideas read both through one table.
import BUILT_IN from './acronyms.json' with { type: 'json' };
import { termOf } from './analyze.js';
import type { AcronymList } from './types.js';
import { wordsOf } from './words.js';

/** The general acronyms every blog is searched with. */
export const BUILT_IN_ACRONYMS: AcronymList = BUILT_IN;

/** A long form of more than one word, as terms. */
export interface LongForm {
  acronym: string;
  terms: string[];
}

export class Acronyms {
  /** acronym → its long forms as term sequences. */
  private readonly expansions = new Map<string, string[][]>();
  /** A one-word long form ("kubernetes") → its acronyms ("k8s"). */
  private readonly shortForms = new Map<string, string[]>();
  /** The long forms of several words, longest first (a question is read for the longest one first). */
  readonly longForms: readonly LongForm[];

  /** The lists in order: a long form already known (the same terms) is not added again. */
  constructor(...lists: AcronymList[]) {
    const longForms: LongForm[] = [];
    for (const list of lists) {
      for (const [acronym, forms] of Object.entries(list)) {
        const known = this.expansions.get(acronym) ?? [];
        for (const form of forms) {
          const terms = termsOf(form);
          if (terms.length === 0 || known.some((other) => other.join(' ') === terms.join(' '))) continue;
          known.push(terms);
          if (terms.length > 1) longForms.push({ acronym, terms });
          else this.shortForms.set(terms[0]!, [...(this.shortForms.get(terms[0]!) ?? []), acronym]);
        }
        this.expansions.set(acronym, known);
      }
    }
    this.longForms = longForms.sort((a, b) => b.terms.length - a.terms.length);
  }

  /** Whether a word (folded, or its term) is an acronym of the table. */
  isAcronym(word: string): boolean {
    return this.expansions.has(word);
  }

  /** The long forms of an acronym as term sequences; undefined when it is none. */
  expansionsOf(acronym: string): readonly string[][] | undefined {
    return this.expansions.get(acronym);
  }

  /** The acronyms of a one-word long form, by its term ("kubernet" → ["k8s"]). */
  acronymsOf(term: string): readonly string[] {
    return this.shortForms.get(term) ?? [];
  }
}

/** The built-in acronyms alone, for a question read without an index. */
export const builtInAcronyms = new Acronyms(BUILT_IN_ACRONYMS);

/** The meaningful terms of a long form ("internet of things" → internet, thing). */
function termsOf(text: string): string[] {
  return wordsOf(text)
    .map((word) => termOf(word))
    .filter(Boolean);
}
