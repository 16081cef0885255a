// How much of a candidate post must be read: the index tells which paragraph buckets hold each idea, which bounds
// what the post, and each stretch of it, can score before its text is read.
import { matchingRanges, SCAN_ALL_CHARS, strengths } from './matching.js';
import { textLengthOf, type SearchablePost } from '../storage/post-store.js';
import { RANKING, type RankingConfig } from './ranking.js';
import { paragraphBucket } from './term-index.js';
import type { MatchEvent, PreparedConcept, Ranges, Window } from './types.js';

/** Where each paragraph bucket (see paragraphBucket) starts and ends in a post's text; undefined for empty buckets. */
function bucketBounds(post: SearchablePost): { starts: number[]; ends: number[] } {
  const paragraphStarts = post.paragraphStarts;
  const count = paragraphStarts.length;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let p = 0; p < count; p++) {
    const bucket = paragraphBucket(p, count);
    // The last bucket's end is never needed (no bucket follows it): the text is not read for it.
    if (starts[bucket] === undefined) starts[bucket] = paragraphStarts[p]!;
    ends[bucket] = p + 1 < count ? paragraphStarts[p + 1]! : Infinity;
  }
  return { starts, ends };
}

/**
 * Per bucket where a window may start, the buckets such a window can reach (it ends windowChars after its start), as
 * a bit mask. Both the bound on a post and the focused window search read them: a question computes them once a post.
 */
export function windowSpansOf(post: SearchablePost, windowChars: number = RANKING.windowChars): number[] {
  const { starts, ends } = bucketBounds(post);
  const spans: number[] = [];
  for (let b = 0; b < starts.length; b++) {
    if (starts[b] === undefined) continue;
    let span = 0;
    for (let k = b; k < starts.length; k++) {
      if (starts[k] === undefined) continue;
      if (starts[k]! > ends[b]! + windowChars) break;
      span |= 1 << k;
    }
    spans.push(span);
  }
  return spans;
}

/**
 * The best window of a long post, reading as little of it as the index allows: windows are compared on the share of
 * ideas first, and the index tells which ideas each bucket's reach can hold, so only the buckets whose reach could
 * hold at least the share already found are read (the most promising first, more only when the guess falls short).
 * With `stop`, undefined when the post is given up on before the end (see StopRule).
 */
export function bestWindowOf(
  post: SearchablePost,
  concepts: readonly PreparedConcept[],
  masks: readonly number[],
  totalWeight: number,
  matchesIn: (post: SearchablePost, ranges: Ranges) => MatchEvent[],
  windowOf: (post: SearchablePost, events: readonly MatchEvent[]) => Window,
  spans?: readonly number[],
): Window;
export function bestWindowOf(
  post: SearchablePost,
  concepts: readonly PreparedConcept[],
  masks: readonly number[],
  totalWeight: number,
  matchesIn: (post: SearchablePost, ranges: Ranges) => MatchEvent[],
  windowOf: (post: SearchablePost, events: readonly MatchEvent[]) => Window,
  spans: readonly number[],
  stop: StopRule,
): Window | undefined;
export function bestWindowOf(
  post: SearchablePost,
  concepts: readonly PreparedConcept[],
  masks: readonly number[],
  totalWeight: number,
  matchesIn: (post: SearchablePost, ranges: Ranges) => MatchEvent[],
  windowOf: (post: SearchablePost, events: readonly MatchEvent[]) => Window,
  spans: readonly number[] = windowSpansOf(post),
  stop?: StopRule,
): Window | undefined {
  const length = textLengthOf(post);
  if (length <= SCAN_ALL_CHARS || post.paragraphStarts.length === 0)
    return windowOf(post, matchesIn(post, [0, length]));
  const all = masks.reduce((union, mask) => union | mask, 0);
  const reach = spans
    .map((span) => ({
      span,
      share:
        concepts.reduce((sum, concept, c) => sum + ((masks[c]! & span) !== 0 ? concept.weight : 0), 0) / totalWeight,
    }))
    .sort((a, b) => b.share - a.share);
  let need = reach[0]?.share ?? 0;
  let read = 0;
  let events: MatchEvent[] = [];
  for (;;) {
    let buckets = read;
    for (const { span, share } of reach) if (share > need - TIE) buckets |= span & all;
    // Only the buckets not read yet; their matches join the others in order.
    const more = matchesIn(post, matchingRanges(post, length, buckets & ~read));
    events = read === 0 ? more : mergeByStart(events, more);
    read = buckets;
    const window = windowOf(post, events);
    const found =
      concepts.reduce((sum, concept, c) => sum + concept.weight * (window.strength[c] ?? 0), 0) / totalWeight;
    // Windows starting in buckets left unread hold less than `found`: they can neither win nor tie.
    const open = reach.filter(({ span, share }) => share > found - TIE && (span & all & ~read) !== 0);
    if (open.length === 0) return window;
    if (stop) {
      // The best window holds `found` when it lies where all is read, else at most what its start's reach holds; an
      // idea it lacks may still count through the title or a heading.
      let bound = found + TIE + contextBound(concepts, stop.context, stop.contextShare) / totalWeight;
      for (const { span } of open)
        bound = Math.max(bound, spanBound(concepts, masks, stop.context, stop.contextShare, span) / totalWeight);
      if (!stop.canMatter(Math.min(1, bound))) return undefined;
    }
    need = found;
  }
}

/** Two lists of matches sorted as findEvents sorts them, as one. */
function mergeByStart(a: readonly MatchEvent[], b: readonly MatchEvent[]): MatchEvent[] {
  const merged: MatchEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && (x.start < y.start || (x.start === y.start && x.end >= y.end))))
      merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

/** Two window shares closer than this are equal (see bestWindow). */
const TIE = 1e-6;

/**
 * When bestWindowOf may give up on a post partway: once what it has read shows that the post cannot change the
 * outcome after all (its bound, now tighter, says so).
 */
export interface StopRule {
  /** Per idea, its best strength in the title with any heading (see contextStrengths). */
  context: readonly number[];
  /** RankingConfig.contextShare. */
  contextShare: number;
  /** Whether a post whose confidence is at most `confidenceBound` can still change the outcome. */
  canMatter: (confidenceBound: number) => boolean;
}

/**
 * Per idea, the best strength it has in the texts the ranking reads as a window's context: the title with the heading
 * of the window's section, any section.
 */
export function contextStrengths(
  post: SearchablePost,
  concepts: readonly PreparedConcept[],
  matchesIn: (text: string) => MatchEvent[],
): number[] {
  const context = concepts.map(() => 0);
  for (const heading of new Set(post.headings.length > 0 ? post.headings : [''])) {
    strengths(concepts, matchesIn(`${post.title}\n${heading}`)).forEach(
      (s, c) => (context[c] = Math.max(context[c]!, s)),
    );
  }
  return context;
}

/**
 * The most the ideas can weigh in a window whose matches stand in the buckets of `span` (see windowSpansOf): an idea
 * whose forms stand there counts fully, any other contextShare of its strength in the context at most.
 */
function spanBound(
  concepts: readonly PreparedConcept[],
  masks: readonly number[],
  context: readonly number[],
  contextShare: number,
  span: number,
): number {
  let weight = 0;
  concepts.forEach(
    (concept, c) => (weight += concept.weight * ((masks[c]! & span) !== 0 ? 1 : contextShare * context[c]!)),
  );
  return weight;
}

/** The most the context adds to a window's ideas: contextShare of each idea's strength there. */
function contextBound(concepts: readonly PreparedConcept[], context: readonly number[], contextShare: number): number {
  let weight = 0;
  concepts.forEach((concept, c) => (weight += concept.weight * contextShare * context[c]!));
  return weight;
}

/**
 * The most the ideas can count in a post: a window starts in some paragraph bucket (see paragraphBucket) and reaches
 * windowChars further, so it can hold only ideas whose forms stand in the buckets it spans, as the index tells; an
 * idea outside counts contextShare at most, when it stands in the title or a heading (`context`, see
 * contextStrengths; weights: RankingConfig).
 */
export function bestPossibleShare(
  concepts: readonly PreparedConcept[],
  masks: readonly number[],
  context: readonly number[],
  totalWeight: number,
  spans: readonly number[],
  ranking: RankingConfig = RANKING,
): number {
  const { contextShare } = ranking;
  let best = 0;
  for (const span of spans) best = Math.max(best, spanBound(concepts, masks, context, contextShare, span));
  if (spans.length === 0) best = contextBound(concepts, context, contextShare);
  return Math.min(1, best / totalWeight);
}
