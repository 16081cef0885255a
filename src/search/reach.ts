// How much of a candidate post must be read: the index tells which paragraph buckets hold each idea, which bounds
// what the post, and each stretch of it, can score before its text is read.
import { mapped } from './arrays.js';
import { matchingRanges, SCAN_ALL_CHARS, strengths } from './matching.js';
import { textLengthOf, type SearchablePost } from '../storage/post-store.js';
import { RANKING, type RankingConfig } from './ranking.js';
import { PARAGRAPH_BUCKETS, paragraphBucket } from './term-index.js';
import type { MatchEvent, PreparedConcept, Ranges, Window } from './types.js';

// Where each paragraph bucket (see paragraphBucket) of the post being looked at starts and ends in its text (-1: an
// empty bucket): scratch shared by every call, for a question looks at dozens of posts and each array is garbage.
const bucketStarts = new Float64Array(PARAGRAPH_BUCKETS);
const bucketEnds = new Float64Array(PARAGRAPH_BUCKETS);

/**
 * Per bucket where a window may start, the buckets such a window can reach (it ends windowChars after its start), as
 * a bit mask. Both the bound on a post and the focused window search read them: a question computes them once a post.
 */
export function windowSpansOf(post: SearchablePost, windowChars: number = RANKING.windowChars): number[] {
  const paragraphStarts = post.paragraphStarts;
  const count = paragraphStarts.length;
  bucketStarts.fill(-1);
  let buckets = 0;
  for (let p = 0; p < count; p++) {
    const bucket = paragraphBucket(p, count);
    if (bucketStarts[bucket]! < 0) bucketStarts[bucket] = paragraphStarts[p]!;
    // The last bucket's end is never needed (no bucket follows it): the text is not read for it.
    bucketEnds[bucket] = p + 1 < count ? paragraphStarts[p + 1]! : Infinity;
    buckets = bucket + 1;
  }
  const spans: number[] = [];
  for (let b = 0; b < buckets; b++) {
    if (bucketStarts[b]! < 0) continue;
    let span = 0;
    for (let k = b; k < buckets; k++) {
      if (bucketStarts[k]! < 0) continue;
      if (bucketStarts[k]! > bucketEnds[b]! + windowChars) break;
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
  let all = 0;
  for (const mask of masks) all |= mask;
  // Per bucket where a window may start, the share of the ideas its reach can hold.
  const shares = mapped(spans, (span) => reachWeight(concepts, masks, span) / totalWeight);
  let need = 0;
  for (const share of shares) need = Math.max(need, share);
  let read = 0;
  let events: MatchEvent[] = [];
  for (;;) {
    let buckets = read;
    for (let b = 0; b < spans.length; b++) if (shares[b]! > need - TIE) buckets |= spans[b]! & all;
    // Only the buckets not read yet; their matches join the others in order.
    const more = matchesIn(post, matchingRanges(post, length, buckets & ~read));
    events = read === 0 ? more : mergeByStart(events, more);
    read = buckets;
    const window = windowOf(post, events);
    let weight = 0;
    for (let c = 0; c < concepts.length; c++) weight += concepts[c]!.weight * (window.strength[c] ?? 0);
    const found = weight / totalWeight;
    // Windows starting in buckets left unread hold less than `found`: they can neither win nor tie.
    const isOpen = (b: number) => shares[b]! > found - TIE && (spans[b]! & all & ~read) !== 0;
    let open = false;
    for (let b = 0; b < spans.length && !open; b++) open = isOpen(b);
    if (!open) return window;
    if (stop) {
      // The best window holds `found` when it lies where all is read, else at most what its start's reach holds; an
      // idea it lacks may still count through the title or a heading.
      let bound = found + TIE + contextBound(concepts, stop.context, stop.contextShare) / totalWeight;
      for (let b = 0; b < spans.length; b++) {
        if (isOpen(b))
          bound = Math.max(bound, spanBound(concepts, masks, stop.context, stop.contextShare, spans[b]!) / totalWeight);
      }
      if (!stop.canMatter(Math.min(1, bound))) return undefined;
    }
    need = found;
  }
}

/** The weight of the ideas whose forms stand in the buckets of `span`. */
function reachWeight(concepts: readonly PreparedConcept[], masks: readonly number[], span: number): number {
  let weight = 0;
  for (let c = 0; c < concepts.length; c++) weight += (masks[c]! & span) !== 0 ? concepts[c]!.weight : 0;
  return weight;
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
 * of the window's section, any section. `inTitle`, when given, is the strengths of the title alone.
 */
export function contextStrengths(
  post: SearchablePost,
  concepts: readonly PreparedConcept[],
  matchesIn: (text: string) => MatchEvent[],
  inTitle?: readonly number[],
): number[] {
  const context = mapped(concepts, () => 0);
  const headings = post.headings.length > 0 ? post.headings : [''];
  for (let p = 0; p < headings.length; p++) {
    // A section's paragraphs share its heading: each run is read once (a heading coming back is read again, which
    // changes nothing).
    if (p > 0 && headings[p] === headings[p - 1]) continue;
    // Under no heading the context is the title alone, already matched: most posts of many blogs have no headings.
    const found =
      inTitle && headings[p] === '' ? inTitle : strengths(concepts, matchesIn(`${post.title}\n${headings[p]}`));
    for (let c = 0; c < concepts.length; c++) context[c] = Math.max(context[c]!, found[c]!);
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
  for (let c = 0; c < concepts.length; c++)
    weight += concepts[c]!.weight * ((masks[c]! & span) !== 0 ? 1 : contextShare * context[c]!);
  return weight;
}

/** The most the context adds to a window's ideas: contextShare of each idea's strength there. */
function contextBound(concepts: readonly PreparedConcept[], context: readonly number[], contextShare: number): number {
  let weight = 0;
  for (let c = 0; c < concepts.length; c++) weight += concepts[c]!.weight * contextShare * context[c]!;
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
