// Prepares the ideas of a question for searching: each idea's forms (as typed, acronym and long forms, typo and
// compound variants of words the blog never uses) and its weight (how rare its words are in the blog and in English).
import { editDistance } from '../text/edit-distance.js';
import { fold, termOf, uncachedTermOf } from './analyze.js';
import { mapped } from './arrays.js';
import { isEnglish } from './english.js';
import { RANKING, type RankingConfig } from './ranking.js';
import type { TermIndex } from './term-index.js';
import type { Alternative, Concept, PreparedConcept } from './types.js';

/**
 * Each idea's forms with their match factors (the words as typed count 1; acronyms and long forms, compounds and
 * typos less, see RankingConfig) and its weight.
 */
export function prepare(
  index: TermIndex,
  concepts: readonly Concept[],
  ranking: RankingConfig = RANKING,
): PreparedConcept[] {
  const known = (terms: readonly string[]) => terms.every((term) => index.termId(term) !== undefined);
  const prepared: PreparedConcept[] = [];
  const guesses = { left: MAX_WORDS_GUESSED_AT };
  for (let c = 0; c < concepts.length; c++) {
    const concept = concepts[c]!;
    const next = concepts[c + 1];
    // Two words a post writes as one ("data box" → "DataBox", "start ups" → "startups") are one idea.
    const joined = concept.joined;
    if (
      joined &&
      next?.alternatives.length === 1 &&
      next.alternatives[0]!.join(' ') === joined.next &&
      index.termId(joined.term) !== undefined
    ) {
      const pair = [concept.alternatives[0]![0]!, joined.next];
      prepared.push(weigh(index, [formOf(pair, 1), formOf([joined.term], ranking.variantFactor)], known, ranking));
      c++;
      continue;
    }
    const alternatives = mapped(concept.alternatives, (terms, i) =>
      formOf(
        terms,
        i === 0 ? 1 : ranking.variantFactor,
        (i === 0 && concept.surface) || undefined,
        terms.length === 1 && index.acronyms.isAcronym(terms[0]!),
      ),
    );
    const typed = concept.alternatives[0]!;
    if (typed.length === 1 && concept.alternatives.length === 1 && !known(typed))
      alternatives.push(...variantsOfUnknown(index, typed[0]!, concept.label, ranking, guesses));
    prepared.push(weigh(index, alternatives, known, ranking));
  }
  return prepared;
}

/**
 * One form of an idea, every field present even when unused: all forms then share one hidden class (V8's map). Fields
 * added only when set (by spreads) made four, only kept alive by the forms of the question being answered: a full
 * collection between two questions freed them, and the code compiled for them was thrown away.
 */
function formOf(terms: string[], factor: number, surface?: string, acronym = false): Alternative {
  return { terms, factor, surface, acronym };
}

// The idea weighs what its own words weigh (the rarest of them): an acronym never outweighs the phrase it stands for.
// A word the blog never uses weighs most; when only a variant of it is known, the idea weighs what that variant weighs.
function weigh(
  index: TermIndex,
  alternatives: Alternative[],
  known: (terms: readonly string[]) => boolean,
  ranking: RankingConfig,
): PreparedConcept {
  const weightOf = (alternative: Alternative) =>
    Math.max(...mapped(alternative.terms, (term) => index.weight(term, ranking.backgroundParagraphs)));
  const usable = alternatives.filter((alternative) => known(alternative.terms));
  const weight =
    usable.length > 0 && usable[0] !== alternatives[0]
      ? Math.max(...mapped(usable, weightOf))
      : weightOf(alternatives[0]!);
  return { weight, alternatives: usable.length > 0 ? usable : alternatives.slice(0, 1) };
}

/** The longest word in which typos and compounds are looked for. */
const MAX_GUESS_LETTERS = 24;
/** In how many words of a question the words one edit away are tried (see variantsOfUnknown). */
const MAX_WORDS_GUESSED_AT = 4;

/** For a word the blog never uses: close known words (typos), or two known words it is made of ("postmortem"). */
function variantsOfUnknown(
  index: TermIndex,
  term: string,
  typedWord: string,
  ranking: RankingConfig,
  guesses: { left: number },
): Alternative[] {
  const variants: Alternative[] = [];
  const word = fold(typedWord);
  // A longer "word" is no word of any blog (a pasted hash, a key held down): guessing in it would only take time, up
  // to seconds for a few hundred letters.
  if (word.length > MAX_GUESS_LETTERS) return variants;
  // Fuzzy only for longer stems, so "car" never turns into "cat" nor "robot" into "root": one edit from
  // typoMinLength letters, two from typoTwoEditsLength, and never to a much shorter word. An English word is no typo:
  // "boots" the blog never uses is not "roots".
  if (term.length >= ranking.typoMinLength && /^[a-z]+$/.test(term) && !isEnglish(term, ranking.englishWordCount)) {
    const maxDistance = term.length >= ranking.typoTwoEditsLength ? 2 : 1;
    const near = mapped(index.similarTerms(term, maxDistance), (candidate) => ({
      candidate,
      distance: editDistance(term, candidate),
    })).filter(
      ({ candidate, distance }) =>
        distance <= maxDistance &&
        candidate.length >= ranking.typoMinLength - 1 &&
        Math.abs(candidate.length - term.length) <= maxDistance,
    );
    // Stems can hide a typo's closeness ("securty" → "securti", one letter from "security" but two from its stem
    // "secur"): the words one edit from the word as typed are tried too, in the first few such words of a question
    // (each takes a millisecond or two).
    if (/^[a-z]+$/.test(word) && guesses.left-- > 0) {
      for (const candidate of knownTermsOneEditFrom(index, word)) {
        const fresh = candidate !== term && !near.some((found) => found.candidate === candidate);
        if (fresh && candidate.length >= ranking.typoMinLength - 1) near.push({ candidate, distance: 1 });
      }
    }
    const similar = near
      .sort((a, b) => a.distance - b.distance || postFrequency(index, b.candidate) - postFrequency(index, a.candidate))
      .slice(0, 3);
    for (const { candidate } of similar) variants.push(formOf([candidate], ranking.typoFactor));
  }
  // Compounds are split on the word as typed ("lawnmowers" → "lawn" + "mowers"), not on its stem.
  if (word.length >= 6 && /^[a-z]+$/.test(word)) {
    for (let cut = 3; cut <= word.length - 3; cut++) {
      const head = termOf(word.slice(0, cut));
      const tail = termOf(word.slice(cut));
      if (head && tail && index.termId(head) !== undefined && index.termId(tail) !== undefined) {
        variants.push(formOf([head, tail], ranking.variantFactor));
        // The last part names the thing ("lawnmower" is a mower): alone it counts, but less.
        if (word.length - cut >= 4) variants.push(formOf([tail], ranking.compoundHeadFactor));
        break;
      }
    }
  }
  return variants;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The blog's terms of the words one edit from `word` (a letter left out, added, changed, or two swapped). */
function knownTermsOneEditFrom(index: TermIndex, word: string): string[] {
  const found: string[] = [];
  const consider = (candidate: string) => {
    // Stemming is the cost: a guess whose start no term of the blog shares is passed over first.
    if (!index.mayBeStemmedToATerm(candidate)) return;
    const term = uncachedTermOf(candidate);
    if (term !== '' && index.termId(term) !== undefined && !found.includes(term)) found.push(term);
  };
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail.length > 0) consider(head + tail.slice(1));
    if (tail.length > 1) consider(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      consider(head + letter + tail);
      if (tail.length > 0 && letter !== tail[0]) consider(head + letter + tail.slice(1));
    }
  }
  return found;
}

function postFrequency(index: TermIndex, term: string): number {
  const id = index.termId(term);
  return id === undefined ? 0 : index.postFrequency(id);
}
