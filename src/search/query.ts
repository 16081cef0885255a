// Turns a question or free text into the ideas to search for: filler and question words out, acronyms joined to their long forms, stems in.
import { ACRONYMS } from './acronyms.js';
import { STOP_WORDS, fold, termOf } from './analyze.js';

/** One idea of the question: any of its alternatives (term sequences) matches it. */
export interface Concept {
  /** The words as the user typed them, shown back in the reply's footer. */
  label: string;
  /** Term sequences; the first is what the user typed, the others acronym expansions. */
  alternatives: string[][];
  /** A quoted phrase: its terms must stand next to each other. */
  phrase: boolean;
}

export interface ParsedQuery {
  text: string;
  keywords: string[];
  concepts: Concept[];
}

/** Longer questions are cut: nobody asks a 6,000-character question, and the search must stay fast. */
export const MAX_QUERY_CHARS = 500;
export const MAX_CONCEPTS = 24;

// Words that shape a question but say nothing about its subject.
const QUESTION_WORDS = new Set(
  `what whats why how who whom whose which when where is are was were does do did done can could should would will shall may might
   tell explain describe please pls yo hey hi hello thanks thank blog author bot say says said saying think thinks thought talk talks
   talking mention mentions mentioned write wrote written writes anything something someone somebody know want wants wanna
   need give show find me us let lets ok okay`.split(/\s+/),
);

const FILLER_PHRASES = [
  /\bwhat (?:does|did|do) (?:the |this )?(?:blog|author|post|essay|writer)s? (?:say|said|think|thinks|write|wrote) (?:about|on|of)\b/gi,
  /\bcan you (?:tell|show|explain|give) (?:me|us)?\b/gi,
  /\b(?:tell|show) me (?:about|more about)?\b/gi,
  /\bi (?:want|would like|'d like) to know\b/gi,
  /\bis there (?:a|an|any) (?:post|article|essay)s? (?:about|on)\b/gi,
];

const MENTION_OR_LINK = /<(?:@[!&]?|#|a?:\w+:)\d+>|https?:\/\/\S+|@(?:everyone|here)\b/gi;
const WORD_WITH_CASE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

interface LongForm {
  acronym: string;
  terms: string[];
}

const acronymTerms = new Map<string, string[][]>();
const longForms: LongForm[] = [];
for (const [acronym, expansions] of Object.entries(ACRONYMS)) {
  const forms = expansions.map(contentTerms).filter((terms) => terms.length > 0);
  acronymTerms.set(acronym, forms);
  for (const terms of forms) if (terms.length > 1) longForms.push({ acronym, terms });
}
longForms.sort((a, b) => b.terms.length - a.terms.length);

function contentTerms(text: string): string[] {
  return (text.match(WORD_WITH_CASE) ?? []).map((word) => termOf(word)).filter(Boolean);
}

export function parseQuery(input: string): ParsedQuery {
  const text = input.normalize('NFKC').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, ' ').slice(0, MAX_QUERY_CHARS);
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
    const terms = contentTerms(phrase);
    if (terms.length > 1) add({ label: phrase.trim().toLowerCase(), alternatives: [terms], phrase: true });
    else if (terms.length === 1) add(wordConcept(phrase.trim()));
    return ' ';
  });
  for (const filler of FILLER_PHRASES) rest = rest.replace(filler, ' ');

  const words = (rest.match(WORD_WITH_CASE) ?? []).map((word) => word.replace(/['’]s$/i, ''));
  const meaningful = words.filter((word) => {
    const folded = fold(word);
    return !QUESTION_WORDS.has(folded) && !STOP_WORDS.has(folded) && termOf(word) !== '';
  });
  const terms = meaningful.map((word) => termOf(word));

  for (let i = 0; i < meaningful.length; i++) {
    const longForm = longForms.find((form) => form.terms.every((term, k) => terms[i + k] === term));
    if (longForm) {
      const span = longForm.terms.length;
      add({
        label: meaningful.slice(i, i + span).join(' ').toLowerCase(),
        alternatives: [longForm.terms, [longForm.acronym]],
        phrase: false,
      });
      i += span - 1;
      continue;
    }
    add(wordConcept(meaningful[i]!));
  }
  return { text, keywords: concepts.map((concept) => concept.label), concepts };
}

function wordConcept(word: string): Concept {
  const term = termOf(word);
  const folded = fold(word);
  const expansions = acronymTerms.get(folded) ?? acronymTerms.get(term) ?? [];
  const own = expansions.length > 0 ? [acronymKey(folded, term)] : [term];
  return { label: folded, alternatives: [own, ...expansions], phrase: false };
}

// "RFPs" and "TPUs" are indexed as "rfp" and "tpu": the acronym table is keyed by the singular.
function acronymKey(folded: string, term: string): string {
  return acronymTerms.has(folded) ? termOf(folded) || folded : term;
}
