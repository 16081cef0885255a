// Answers a parsed query over a corpus: BM25 picks candidate posts, then each candidate's best window of text
// (the densest cluster of the query's ideas, weighted by how telling each is) ranks it and becomes its excerpt.
import { termOf } from './analyze.js';
import { excerptRange, renderExcerpt, type Excerpt, type Span } from './excerpt.js';
import type { Concept, ParsedQuery } from './query.js';
import type { TermIndex } from './term-index.js';

export interface SearchablePost {
  title: string;
  /** Plain text of the body: paragraphs joined by blank lines. */
  text: string;
  /** Where each paragraph starts in `text`, and the heading it sits under. */
  paragraphStarts: readonly number[];
  headings: readonly string[];
}

export interface Corpus {
  posts: readonly SearchablePost[];
  index: TermIndex;
}

export interface Hit {
  doc: number;
  score: number;
  /** Share (0–1) of the question's weighted ideas found together in the excerpt (title and heading count half). */
  confidence: number;
  excerpt: Excerpt;
}

export interface SearchOutcome {
  hits: Hit[];
  /** Posts that matched something but not well enough, best first, when `hits` is empty. */
  related: number[];
}

export interface SearchOptions {
  limit: number;
  /** Below this confidence the answer is "no good match". */
  minConfidence?: number;
}

/** Chosen on the project's own answerable and unanswerable questions (see the README's "Answer quality"). */
export const MIN_CONFIDENCE = 0.3;
const CANDIDATES = 20;
const CLUSTER_CHARS = 260;
const CONTEXT_SHARE = 0.5;
const MAX_EVENTS = 600;

interface WeightedAlternative {
  terms: string[];
  factor: number;
}

interface PreparedConcept {
  weight: number;
  alternatives: WeightedAlternative[];
  phrase: boolean;
}

interface MatchEvent extends Span {
  concept: number;
  alternative: number;
  part: number;
  position: number;
}

export function search(corpus: Corpus, query: ParsedQuery, options: SearchOptions): SearchOutcome {
  const concepts = prepare(corpus.index, query.concepts);
  const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
  if (concepts.length === 0 || totalWeight === 0) return { hits: [], related: [] };

  const lookup: Array<{ termId: number; boost: number }> = [];
  for (const concept of concepts) {
    for (const alternative of concept.alternatives) {
      for (const term of alternative.terms) {
        const termId = corpus.index.termId(term);
        if (termId !== undefined) lookup.push({ termId, boost: alternative.factor / Math.sqrt(alternative.terms.length) });
      }
    }
  }
  const candidates = corpus.index.topPosts(lookup, CANDIDATES);
  if (candidates.length === 0) return { hits: [], related: [] };
  const bestBm25 = candidates[0]!.score || 1;

  const termsToParts = partsByTerm(concepts);
  const ranked = candidates.map(({ doc, score }) => {
    const post = corpus.posts[doc]!;
    const window = bestWindow(post, concepts, termsToParts);
    const context = contextMatches(post, window.start, concepts);
    let matched = 0;
    let contextOnly = 0;
    concepts.forEach((concept, i) => {
      const inWindow = window.strength[i] ?? 0;
      matched += concept.weight * inWindow;
      if (inWindow < 1 && context.has(i)) contextOnly += concept.weight * (1 - inWindow);
    });
    const titleShare = titleCoverage(post, concepts, termsToParts) / totalWeight;
    const confidence = Math.min(1, (matched + CONTEXT_SHARE * contextOnly) / totalWeight);
    const rank = confidence + 0.05 * window.density + 0.2 * titleShare + 0.15 * (score / bestBm25);
    return { doc, score: rank, confidence, window };
  });
  ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);

  const threshold = options.minConfidence ?? MIN_CONFIDENCE;
  const top = ranked[0]!;
  if (top.confidence < threshold) {
    return { hits: [], related: ranked.filter((r) => r.confidence > 0).slice(0, 3).map((r) => r.doc) };
  }
  const hits = ranked
    .filter((r) => r.confidence >= threshold && r.score >= top.score * 0.5)
    .slice(0, options.limit)
    .map((r) => {
      const post = corpus.posts[r.doc]!;
      const range = excerptRange(post.text, r.window);
      return { doc: r.doc, score: round(r.score), confidence: round(r.confidence), excerpt: renderExcerpt(post.text, range, r.window.bold) };
    });
  return { hits, related: [] };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function prepare(index: TermIndex, concepts: readonly Concept[]): PreparedConcept[] {
  return concepts.map((concept) => {
    const alternatives: WeightedAlternative[] = concept.alternatives.map((terms, i) => ({ terms, factor: i === 0 ? 1 : 0.9 }));
    const primary = concept.alternatives[0]!;
    // A typo: a longer word the blog never uses also matches close known words, a little below an exact match.
    if (primary.length === 1 && index.termId(primary[0]!) === undefined && primary[0]!.length >= 5 && concept.alternatives.length === 1) {
      const distance = primary[0]!.length >= 8 ? 2 : 1;
      for (const similar of index.similarTerms(primary[0]!, distance).slice(0, 5)) alternatives.push({ terms: [similar], factor: 0.8 });
    }
    const known = alternatives.filter((alternative) => alternative.terms.every((term) => index.termId(term) !== undefined));
    // The idea weighs what its own words weigh: an acronym never outweighs the phrase it stands for.
    const weightOf = (alternative: WeightedAlternative) => Math.max(...alternative.terms.map((term) => index.weight(term)));
    const weight = known.length > 0 && known[0] !== alternatives[0] ? Math.max(...known.map(weightOf)) : weightOf(alternatives[0]!);
    return { weight, alternatives, phrase: concept.phrase };
  });
}

type PartsByTerm = Map<string, Array<{ concept: number; alternative: number; part: number }>>;

function partsByTerm(concepts: readonly PreparedConcept[]): PartsByTerm {
  const map: PartsByTerm = new Map();
  concepts.forEach((concept, c) =>
    concept.alternatives.forEach((alternative, a) =>
      alternative.terms.forEach((term, part) => {
        const list = map.get(term) ?? [];
        list.push({ concept: c, alternative: a, part });
        map.set(term, list);
      }),
    ),
  );
  return map;
}

const WORD = /[\p{L}\p{N}]+/gu;

function findEvents(text: string, parts: PartsByTerm): MatchEvent[] {
  const events: MatchEvent[] = [];
  WORD.lastIndex = 0;
  let position = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    position++;
    const targets = parts.get(termOf(match[0]));
    if (!targets) continue;
    for (const target of targets) {
      events.push({ start: match.index, end: match.index + match[0].length, position, ...target });
    }
    if (events.length >= MAX_EVENTS) break;
  }
  return events;
}

interface Window extends Span {
  /** Per concept, 0–1: how fully it matched inside the window (alternative factor). */
  strength: number[];
  density: number;
  bold: Span[];
}

function bestWindow(post: SearchablePost, concepts: readonly PreparedConcept[], parts: PartsByTerm): Window {
  const events = findEvents(post.text, parts);
  const empty: Window = { start: 0, end: 0, strength: [], density: 0, bold: [] };
  if (events.length === 0) return empty;
  let best = empty;
  let bestScore = -1;
  for (let i = 0; i < events.length; i++) {
    const first = events[i]!;
    let j = i;
    while (j + 1 < events.length && events[j + 1]!.end - first.start <= CLUSTER_CHARS) j++;
    const inside = events.slice(i, j + 1);
    const strength = conceptStrengths(concepts, inside);
    let score = 0;
    strength.forEach((s, c) => (score += s * concepts[c]!.weight));
    const density = Math.min(1, inside.length / 8);
    score += 0.05 * density;
    if (score > bestScore + 1e-9) {
      bestScore = score;
      const used = inside.filter((event) => (strength[event.concept] ?? 0) > 0);
      best = {
        start: first.start,
        end: Math.max(...inside.map((event) => event.end)),
        strength,
        density,
        bold: used.map(({ start, end }) => ({ start, end })),
      };
    }
  }
  // Trim the cluster to its matched ideas, so the excerpt centres on them.
  if (best.bold.length > 0) {
    best.start = Math.min(...best.bold.map((span) => span.start));
    best.end = Math.max(...best.bold.map((span) => span.end));
  }
  return best;
}

function conceptStrengths(concepts: readonly PreparedConcept[], events: readonly MatchEvent[]): number[] {
  return concepts.map((concept, c) => {
    let strength = 0;
    concept.alternatives.forEach((alternative, a) => {
      const mine = events.filter((event) => event.concept === c && event.alternative === a);
      if (mine.length === 0) return;
      const complete = alternative.terms.every((_, part) => mine.some((event) => event.part === part));
      if (!complete) return;
      if (concept.phrase && !isPhrase(alternative.terms.length, mine)) return;
      strength = Math.max(strength, alternative.factor);
    });
    return strength;
  });
}

// The terms of a quoted phrase must follow each other (stop words between them are allowed).
function isPhrase(length: number, events: readonly MatchEvent[]): boolean {
  return events.some((event) => {
    if (event.part !== 0) return false;
    let position = event.position;
    for (let part = 1; part < length; part++) {
      const next = events.find((e) => e.part === part && e.position > position && e.position <= position + 3);
      if (!next) return false;
      position = next.position;
    }
    return true;
  });
}

function contextMatches(post: SearchablePost, at: number, concepts: readonly PreparedConcept[]): Set<number> {
  let paragraph = 0;
  while (paragraph + 1 < post.paragraphStarts.length && post.paragraphStarts[paragraph + 1]! <= at) paragraph++;
  const context = `${post.title}\n${post.headings[paragraph] ?? ''}`;
  const events = findEvents(context, partsByTerm(concepts));
  const strength = conceptStrengths(concepts, events);
  return new Set(strength.flatMap((s, c) => (s > 0 ? [c] : [])));
}

function titleCoverage(post: SearchablePost, concepts: readonly PreparedConcept[], parts: PartsByTerm): number {
  const strength = conceptStrengths(concepts, findEvents(post.title, parts));
  return strength.reduce((sum, s, c) => sum + s * concepts[c]!.weight, 0);
}
