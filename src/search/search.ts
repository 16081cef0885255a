// Answers a parsed query over a corpus. BM25 over whole posts picks candidate posts; in each candidate, every window of
// text (about 300 characters) is scored by the IDF-weighted share of the question's ideas it holds; the best window ranks
// the post, gives its confidence (the abstention measure) and becomes its excerpt (with, for the answer, a second
// passage). Candidates are read most promising first, and only as far as they can still change the answer (the bounds
// come from reach.ts). Every weight comes from ranking.ts.
import { textLengthOf, type SearchablePost } from '../storage/post-store.js';
import { prepare } from './concepts.js';
import { EXCERPT_CHARS, joinExcerpts, type Excerpt } from './excerpt.js';
import { cutPassage } from './passages.js';
import { buildMatcher, conceptMasks, findEvents, findEventsInPost, strengths, wordFilter } from './matching.js';
import { RANKING, type RankingConfig } from './ranking.js';
import { bestPossibleShare, bestWindowOf, windowSpansOf } from './reach.js';
import type { TermIndex } from './term-index.js';
import type { MatchEvent, ParsedQuery, Ranges, Span, Window } from './types.js';
import { bestWindow, findCues, windowRanges } from './windows.js';

export interface Corpus {
  posts: readonly SearchablePost[];
  index: TermIndex;
}

export interface Hit {
  doc: number;
  score: number;
  /** Share (0–1) of the question's weighted ideas found together in the excerpt (found only in the title or heading: RankingConfig.contextShare). */
  confidence: number;
  /** The passages shown, a blank line apart: the best one first, then for the answer maybe a second one (see RankingConfig.secondPassageShare). */
  excerpt: Excerpt;
  passages: Excerpt[];
}

export interface SearchOutcome {
  hits: Hit[];
  /** Posts that matched something but not well enough, best first, when `hits` is empty. */
  related: number[];
}

export interface SearchOptions {
  limit: number;
  /** Below this confidence the answer is "no good match" (RankingConfig.minConfidence by default). */
  minConfidence?: number;
  /** Read every candidate post whole instead of only the paragraphs that can match (the same answers, slower). */
  wholePosts?: boolean;
  /** The weights to rank with, RANKING by default (tests vary them). */
  ranking?: RankingConfig;
  /** Called for each candidate post read: what it scored, and the bounds it was passed over by when they were low. */
  onRead?: (read: PostRead) => void;
}

export interface PostRead {
  doc: number;
  score: number;
  /** The most the post could score, known before reading it: never below `score`. */
  scoreBound: number;
  confidence: number;
  /** The most the post's confidence could be, known before reading it: never below `confidence`. */
  confidenceBound: number;
}

/** Without a confident answer, this many posts that matched something are offered as related. */
const RELATED_POSTS = 3;
/** The second passage is shorter, and stands at least PASSAGE_GAP characters away from the first; without one, the first is longer by as much. */
const SECOND_PASSAGE_CHARS = 200;
const PASSAGE_GAP = 40;

export function search(corpus: Corpus, query: ParsedQuery, options: SearchOptions): SearchOutcome {
  const ranking = options.ranking ?? RANKING;
  const concepts = prepare(corpus.index, query.concepts, ranking);
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
  const candidates = corpus.index.topPosts(lookup, ranking.candidates, ranking);
  if (candidates.length === 0) return { hits: [], related: [] };
  const bestBm25 = candidates[0]!.score || 1;

  const matcher = buildMatcher(concepts, ranking);
  const filter = wordFilter(matcher);
  const threshold = options.minConfidence ?? ranking.minConfidence;
  const matchesIn = (text: string) => findEvents(text, matcher, [0, text.length], filter);
  const matchesInPost = (post: SearchablePost, ranges: Ranges) => findEventsInPost(post, matcher, ranges, filter);
  /** The best window among the given matches in a post. */
  const windowOf = (post: SearchablePost, events: readonly MatchEvent[]): Window => {
    const cues = query.answerKind && events.length > 0 ? findCues(post, query.answerKind, windowRanges(events, ranking.windowChars)) : [];
    return bestWindow(events, concepts, totalWeight, cues, ranking);
  };
  const weighOf = (strength: readonly number[]) => concepts.reduce((sum, concept, c) => sum + concept.weight * (strength[c] ?? 0), 0);

  // Cheap first: the title, and the most a post could score (every idea its paragraphs may hold matching fully).
  const cheap = candidates.map(({ doc, score }) => {
    const post = corpus.posts[doc]!;
    const titleShare = weighOf(strengths(concepts, matchesIn(post.title))) / totalWeight;
    const fixed = ranking.titleShare * titleShare + ranking.bm25Share * (score / bestBm25);
    const masks = conceptMasks(corpus.index, doc, concepts);
    const spans = options.wholePosts ? [] : windowSpansOf(post, ranking.windowChars);
    const share = options.wholePosts ? Infinity : bestPossibleShare(post, concepts, masks, matchesIn, totalWeight, ranking, spans);
    // A window's density is at most 1.
    return { doc, post, fixed, share, bound: share + ranking.densityShare + fixed, masks, spans };
  });
  cheap.sort((a, b) => b.bound - a.bound || a.doc - b.doc);

  const ranked: Array<{ doc: number; score: number; confidence: number; window: Window; masks: number[]; spans: number[] }> = [];
  let top: { score: number; confidence: number } | undefined;
  // Posts left unread because, the best answer being confident, they could be neither the best nor a hit.
  const skipped: typeof cheap = [];
  const read = ({ doc, post, fixed, masks, spans, share, bound }: (typeof cheap)[number]) => {
    const window = options.wholePosts ? windowOf(post, matchesIn(post.text)) : bestWindowOf(post, concepts, masks, totalWeight, matchesInPost, windowOf, spans);
    const context = strengths(concepts, matchesIn(`${post.title}\n${headingAt(post, window.start)}`));
    let matched = 0;
    concepts.forEach((concept, c) => {
      const inWindow = window.strength[c] ?? 0;
      const inContext = ranking.contextShare * (context[c] ?? 0);
      matched += concept.weight * Math.max(inWindow, inContext);
    });
    const confidence = Math.min(1, matched / totalWeight);
    const rank = confidence + ranking.densityShare * window.density + fixed;
    ranked.push({ doc, score: rank, confidence, window, masks, spans });
    options.onRead?.({ doc, score: rank, scoreBound: bound, confidence, confidenceBound: share });
    if (!top || rank > top.score) top = { score: rank, confidence };
  };
  for (const candidate of cheap) {
    // Reading a post cannot change the answer once its best possible score is below what the answer needs.
    if (top && settled(ranked, candidate.bound, options.limit, threshold)) break;
    if (top && top.confidence >= threshold && candidate.bound < top.score && (candidate.share < threshold || candidate.bound < top.score * ranking.hitShare)) {
      skipped.push(candidate);
      continue;
    }
    read(candidate);
  }
  // The best answer turned out not confident: the posts skipped may be among the related ones after all.
  if (top && top.confidence < threshold) {
    for (const candidate of skipped) {
      if (settled(ranked, candidate.bound, options.limit, threshold)) break;
      read(candidate);
    }
  }
  ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);

  const best = ranked[0]!;
  if (best.confidence < threshold) {
    return { hits: [], related: ranked.filter((r) => r.confidence > 0).slice(0, RELATED_POSTS).map((r) => r.doc) };
  }
  const passage = (post: SearchablePost, length: number, cluster: Span, size: number) => cutPassage(post, length, cluster, size, matchesInPost);
  /** The best passage of the post away from the first one, when it holds enough of the question (else undefined). */
  const secondPassage = (post: SearchablePost, length: number, first: Span, { window, masks, spans }: (typeof ranked)[number]) => {
    const isAway = (event: MatchEvent) => event.end <= first.start - PASSAGE_GAP || event.start >= first.end + PASSAGE_GAP;
    // Found as the first window is, reading only the stretches that can hold the best one (the matches near the first left out).
    const other = options.wholePosts
      ? windowOf(post, matchesIn(post.text).filter(isAway))
      : bestWindowOf(post, concepts, masks, totalWeight, (p, ranges) => matchesInPost(p, ranges).filter(isAway), windowOf, spans);
    const share = weighOf(other.strength);
    if (share === 0 || share < ranking.secondPassageShare * weighOf(window.strength)) return undefined;
    const second = passage(post, length, other.cluster, SECOND_PASSAGE_CHARS);
    return second.range.start < first.end && second.range.end > first.start ? undefined : second.excerpt;
  };
  const hits = ranked
    .filter((r) => r.confidence >= threshold && r.score >= best.score * ranking.hitShare)
    .slice(0, options.limit)
    .map((r, rank) => {
      const post = corpus.posts[r.doc]!;
      const length = textLengthOf(post);
      const first = passage(post, length, r.window.cluster, EXCERPT_CHARS);
      let passages = [first.excerpt];
      if (rank === 0) {
        const second = secondPassage(post, length, first.range, r);
        // Without a second passage, the first one takes its room: more of what surrounds the answer.
        passages = second ? [first.excerpt, second] : [passage(post, length, r.window.cluster, EXCERPT_CHARS + SECOND_PASSAGE_CHARS).excerpt];
      }
      return { doc: r.doc, score: round(r.score), confidence: round(r.confidence), excerpt: joinExcerpts(passages), passages };
    });
  return { hits, related: [] };
}

/**
 * Whether posts scoring at most `bound` can no longer change the outcome: the best post stays best, and either it is
 * confident and `limit` confident posts all score above `bound`, or it is not and RELATED_POSTS related ones do.
 */
function settled(ranked: ReadonlyArray<{ score: number; confidence: number }>, bound: number, limit: number, threshold: number): boolean {
  const above = (keep: (r: { confidence: number }) => boolean, count: number) =>
    ranked.filter((r) => keep(r) && r.score > bound).length >= count;
  const top = ranked.reduce((best, r) => (r.score > best.score ? r : best));
  if (top.score <= bound) return false;
  return top.confidence >= threshold ? above((r) => r.confidence >= threshold, limit) : above((r) => r.confidence > 0, RELATED_POSTS);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function headingAt(post: SearchablePost, at: number): string {
  const starts = post.paragraphStarts;
  let paragraph = 0;
  while (paragraph + 1 < starts.length && starts[paragraph + 1]! <= at) paragraph++;
  return post.headings[paragraph] ?? '';
}

