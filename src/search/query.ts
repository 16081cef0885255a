// Turns a question or free text into the ideas to search for: filler and question words out, acronyms joined to their
// long forms (both ways), stems in, and a hint for words typed apart that a post may write as one ("start ups").
import { builtInAcronyms, type Acronyms } from './acronyms.js';
import { mapped } from './arrays.js';
import { STOP_WORDS, fold, surfaceForm, termOf } from './analyze.js';
import type { AnswerKind, Concept, ParsedQuery } from './types.js';
import { forEachWord, wordsOf } from './words.js';
import { keptLength } from '../text/truncate.js';

/** Longer questions are cut: nobody asks a 6,000-character question, and the search must stay fast. */
export const MAX_QUERY_CHARS = 500;
export const MAX_CONCEPTS = 24;

// Words that shape a question but say nothing about its subject.
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `what whats why how who whom whose which when where is are was were does do did done can could should would will
   shall may might tell explain describe please pls plz yo hey hi hello thanks thank thx blog blogger author bot say
   says said saying think thinks thought talk talks talking mention mentions mentioned write wrote written writes
   writer anything something someone somebody know want wants wanna need give show find me us let lets ok okay essay
   essays article articles vs`.split(/\s+/),
);

// Whole phrases that only frame the question; removed before words are read.
const FILLER_PHRASES = [
  new RegExp(
    String.raw`\bwhat (?:does|did|do|is|was) (?:the |this |your )?` +
      String.raw`(?:blog|author|post|essay|article|writer|blogger)s? ` +
      String.raw`(?:say|said|think|thinks|write|wrote|mean|saying|talking) (?:about|on|of|regarding)?\b`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:does|did|do) (?:the |this |your )?(?:blog|author|writer|blogger|he|she|you) (?:ever )?` +
      String.raw`(?:say|write|talk|mention|cover|discuss)(?:s)? (?:anything |something )?(?:about|on|regarding)?\b`,
    'gi',
  ),

  /\bcan you (?:please )?(?:tell|show|explain|give|find)(?: me| us)?(?: about| more about)?\b/gi,
  /\b(?:tell|show|teach) (?:me|us) (?:something |anything |more )?(?:about|on)?\b/gi,
  /\bi(?:'d| would)? (?:want|like|wanna|love) to (?:know|learn|read|understand)(?: more)?(?: about)?\b/gi,
  /\bi(?:'m| am) (?:looking|searching) for\b/gi,
  /\b(?:is|are) there (?:a|an|any) (?:blog )?(?:post|article|essay|entry)s? (?:about|on|that (?:talks|mentions))?\b/gi,
  /\b(?:do|does) (?:you|the blog) have (?:a|an|any|anything)? ?(?:posts?|articles?|essays?)? ?(?:about|on)?\b/gi,
  /\baccording to (?:the |this )?(?:blog|author|post|essay|writer)\b/gi,
  /\bin (?:the|this|your) (?:blog|post|essay|article)\b/gi,
  /\bwhat do you know about\b/gi,
  /\b(?:stands?|stood) for\b/gi,
  // Asking what a word means frames the question as "stands for" does: the word is the subject ("MVP meaning").
  /\b(?:the )?(?:meaning|definition)s? of\b/gi,
  /\b(?:is|are|was) meant by\b/gi,
  /^\s*(?:define|definition)\b/gi,
  /\b(?:meaning|definition)\s*[?.!]*\s*$/gi,
  /(?<=\b(?:does|do|did)\b.{1,60}?)\bmean\s*[?.!]*\s*$/gi,
  // Frames that ask about a subject in general, not about one aspect a passage must name ("HoloLens overview", "how
  // does Brainwave work?", "benefits of ACI"): without them, the frame's word counts as an idea the passage lacks.
  /\b(?:an? |the )?(?:overview|summary|introduction|intro|basics|(?:dis)?advantages|benefits|pros and cons) (?:of|to)\b/gi,
  /\bthe (?:purpose|point) of\b/gi,
  /\b(?:overview|summary|explained|basics)\s*[?.!]*\s*$/gi,
  /(?<=\bhow (?:does|do|did|can|could)\b.{1,60}?)\bwork\s*[?.!]*\s*$/gi,
  /(?<=\bwhy (?:is|are|was|were)\b.{1,60}?)\b(?:so )?important\s*[?.!]*\s*$/gi,
  /\bget(?:ting)? started (?:with|on)\b/gi,
  /\bworth it\s*[?.!]*\s*$/gi,
];

const MENTION_OR_LINK = /<(?:@[!&]?|#|a?:\w+:)\d+>|https?:\/\/\S+|@(?:everyone|here)\b/gi;

/** The ideas of a question; `acronyms` are the built-in ones unless given (the index's: built-in and learned). */
export function parseQuery(input: string, acronyms: Acronyms = builtInAcronyms): ParsedQuery {
  const cleaned = input
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, ' ');
  // Cut between words: the half of a word left at the cut would be searched as a word of its own, one the blog
  // never uses, and could turn an answer into "not sure".
  const text = cleaned.slice(0, keptLength(cleaned, MAX_QUERY_CHARS, { atWord: true }));
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const add = (concept: Concept) => {
    const key = concept.alternatives[0]!.join(' ');
    if (!key || seen.has(key) || concepts.length >= MAX_CONCEPTS) return;
    seen.add(key);
    concepts.push(concept);
  };

  let rest = text.replace(MENTION_OR_LINK, ' ');
  rest = rest.replace(/["“”]([^"“”]{1,120})["“”]/g, (_, phrase: string) => {
    const words = wordsOf(phrase).filter((word) => termOf(word) !== '');
    if (words.length > 1) add(ideaOf(phrase.trim().toLowerCase(), [mapped(words, (word) => termOf(word))], true));
    else if (words.length === 1) add(wordConcept(words[0]!, acronyms));
    return ' ';
  });
  for (const filler of FILLER_PHRASES) rest = rest.replace(filler, ' ');

  // Words in order (as the index reads them), each with what stands between it and the previous one.
  const words: Array<{ word: string; between: string }> = [];
  let previousEnd = -1;
  forEachWord(rest, (start, end) => {
    words.push({ word: rest.slice(start, end), between: previousEnd < 0 ? '.' : rest.slice(previousEnd, start) });
    previousEnd = end;
  });
  // Kept words only; `attached` is true only when the word directly follows the previous kept word (nothing but a
  // space or a hyphen between them).
  const meaningful: Array<{ word: string; attached: boolean }> = [];
  let dropped = false;
  for (let w = 0; w < words.length; w++) {
    const entry = words[w]!;
    const folded = fold(entry.word);
    if (QUESTION_WORDS.has(folded) || STOP_WORDS.has(folded) || termOf(entry.word) === '' || isNegated(words[w + 1])) {
      dropped = true;
      continue;
    }
    meaningful.push({ word: entry.word, attached: /^[ -]$/.test(entry.between) && !dropped });
    dropped = false;
  }
  const terms = mapped(meaningful, ({ word }) => termOf(word));

  for (let i = 0; i < meaningful.length; i++) {
    const longForm = acronyms.longForms.find((form) => form.terms.every((term, k) => terms[i + k] === term));
    if (longForm) {
      const span = longForm.terms.length;
      const label = mapped(meaningful.slice(i, i + span), ({ word }) => word)
        .join(' ')
        .toLowerCase();
      // The acronym, and its other long forms ("tensor processing unit" also finds "TensorFlow processing unit").
      const alternatives = [
        longForm.terms,
        [longForm.acronym],
        ...acronyms.expansionsOf(longForm.acronym)!.filter((terms) => terms.join(' ') !== longForm.terms.join(' ')),
      ];
      add(ideaOf(label, alternatives, false));
      i += span - 1;
      continue;
    }
    const concept = wordConcept(meaningful[i]!.word, acronyms);
    const next = meaningful[i + 1];
    if (
      next?.attached &&
      concept.alternatives.length === 1 &&
      /^[\p{L}]+$/u.test(meaningful[i]!.word) &&
      /^[\p{L}]+$/u.test(next.word)
    ) {
      const joined = termOf(meaningful[i]!.word + next.word);
      if (joined) concept.joined = { next: termOf(next.word), term: joined };
    }
    add(concept);
  }
  // answerKind is there even when undefined: one hidden class for every parsed question (see ideaOf).
  return { text, keywords: mapped(concepts, (concept) => concept.label), concepts, answerKind: answerKindOf(text) };
}

/**
 * One idea, every field present even when unused (`joined` is set later): all ideas then share one hidden class (V8's
 * map). Fields added only when set made several, only kept alive by the ideas of the question being answered: a full
 * collection between two questions freed them, and the code compiled for them was thrown away.
 */
function ideaOf(label: string, alternatives: string[][], phrase: boolean, surface?: string): Concept {
  return { label, alternatives, phrase, joined: undefined, surface };
}

/**
 * Whether the next word makes the current one a negative contraction ("doesn't", "won’t"): its "t" stands right after
 * an apostrophe. Such a word is an auxiliary ("doesn", "won"), and the question's auxiliaries are not searched for.
 */
function isNegated(next: { word: string; between: string } | undefined): boolean {
  return next !== undefined && (next.word === 't' || next.word === 'T') && /^['’]$/.test(next.between);
}

function wordConcept(word: string, acronyms: Acronyms): Concept {
  const term = termOf(word);
  const folded = fold(word);
  const expansions = acronyms.expansionsOf(folded) ?? acronyms.expansionsOf(term) ?? [];
  // "RFPs" and "TPUs" are indexed as "rfp" and "tpu": the acronym table is keyed by the singular.
  const key = acronyms.isAcronym(folded) ? termOf(folded) || folded : term;
  if (expansions.length > 0) return ideaOf(folded, [[key], ...expansions], false);
  // A one-word long form also finds its acronym: "kubernetes" finds "k8s".
  const shortForms = acronyms.acronymsOf(term);
  return ideaOf(folded, [[term], ...mapped(shortForms, (acronym) => [acronym])], false, surfaceForm(word));
}

const ANSWER_KINDS: Array<[RegExp, AnswerKind]> = [
  [/^\W*why\b/i, 'reason'],
  [/^\W*how (?:long|many|much|old|often|big|large|fast)\b/i, 'quantity'],
  [/^\W*when\b/i, 'time'],
  [/^\W*(?:who|whom|whose)\b/i, 'person'],
  [/^\W*where\b/i, 'place'],
  [
    /^\W*(?:what|which) (?:are|were)\b|^\W*(?:list|name)\b|\b(?:steps|stages|phases|ways|examples|types|kinds)\b/i,
    'list',
  ],
];

export function answerKindOf(question: string): AnswerKind | undefined {
  return ANSWER_KINDS.find(([pattern]) => pattern.test(question))?.[1];
}
