// The shapes the search modules hand each other: a question's ideas, matches and windows (a post as the search reads
// it is the storage's interface, src/storage/post-store.ts). Types only, importing nothing, so that no search module
// has to import another one for a type.

/** A stretch of a text: [start, end) in UTF-16 units. */
export interface Span {
  start: number;
  end: number;
}

/** Stretches of a text as [start, end) pairs; a whole text is [0, length). */
export type Ranges = readonly number[];

/** Acronyms and their long forms, as written: acronym (lowercase, singular) → long forms (lowercase words). */
export type AcronymList = Readonly<Record<string, readonly string[]>>;

/**
 * What kind of answer the question asks for, from its first words: a reason, a number, a time, a person, a place, a
 * list.
 */
export type AnswerKind = 'reason' | 'quantity' | 'time' | 'person' | 'place' | 'list';

/** One idea of the question: any of its alternatives (term sequences) matches it. */
export interface Concept {
  /** The words as the user typed them, shown back in the reply's footer. */
  label: string;
  /** Term sequences; the first is what the user typed, the others acronym expansions or short forms. */
  alternatives: string[][];
  /** A quoted phrase: its terms must stand next to each other. */
  phrase: boolean;
  /**
   * This word and the next one of the question written as one ("data box" → "databox"): the next word's term, and the
   * joined term.
   */
  joined?: { next: string; term: string };
  /**
   * The typed word without plural or possessive ending: a text word of the same form matches a little better than one
   * that only shares its stem.
   */
  surface?: string;
}

export interface ParsedQuery {
  text: string;
  keywords: string[];
  concepts: Concept[];
  answerKind?: AnswerKind;
}

/** One form of an idea, as the search looks for it. */
export interface Alternative {
  terms: string[];
  /** 1 for the words as typed; less for long/short forms, compounds and typo corrections. */
  factor: number;
  /**
   * The typed word's form (see Concept.surface): other forms of the same stem match a little less
   * (RankingConfig.inflected).
   */
  surface?: string;
  /** An acronym: in a text it must be written as one ("MR", "IoT", "k8s"), so "Mr." is not mixed reality. */
  acronym?: boolean;
}

/** An idea ready to search: how much it weighs, and the forms that match it. */
export interface PreparedConcept {
  weight: number;
  alternatives: Alternative[];
}

/** One complete match of one alternative of one concept in a text. */
export interface MatchEvent extends Span {
  concept: number;
  factor: number;
}

/** The best stretch of a post for a question (see windows.ts). */
export interface Window {
  start: number;
  /** Per concept, 0–1: how fully it matched inside the window. */
  strength: number[];
  density: number;
  /** The smallest stretch holding the best match of each idea the window matched: the excerpt centres on it. */
  cluster: Span;
}
