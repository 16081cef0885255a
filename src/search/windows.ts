// Chooses the best window of text in a post: the stretch holding the largest weighted share of the question's ideas,
// ties broken by closeness, density and a cue of the kind of answer asked for.
import { mapped } from './arrays.js';
import { strengths } from './matching.js';
import { textLengthOf, textSlice, type SearchablePost } from '../storage/post-store.js';
import { RANKING, type RankingConfig } from './ranking.js';
import type { AnswerKind, MatchEvent, PreparedConcept, Ranges, Span, Window } from './types.js';

/**
 * Slides over the matches: each window starts at a match and holds the matches ending within windowChars (weights:
 * RankingConfig). Its score is the weighted share of ideas it holds, plus a little for the share standing within
 * nearChars of its start (proximity), for holding many matches and for a cue of the kind of answer asked for.
 * Two pointers: linear in the number of matches (times the ideas).
 */
export function bestWindow(
  events: readonly MatchEvent[],
  concepts: readonly PreparedConcept[],
  totalWeight: number,
  cues: readonly Span[] = [],
  ranking: RankingConfig = RANKING,
): Window {
  const { windowChars, nearChars, nearShare, densityShare, denseMatches, cueShare } = ranking;
  if (events.length === 0)
    return { start: 0, strength: mapped(concepts, () => 0), density: 0, cluster: { start: 0, end: 0 } };
  // counts[c][k]: matches of concept c with factor level k inside the window. The levels are few (the factors of the
  // forms matched): a level is found by indexOf, without a Map or a Set per call.
  const levels: number[] = [];
  for (const event of events) if (!levels.includes(event.factor)) levels.push(event.factor);
  levels.sort((a, b) => b - a);
  const counts = mapped(concepts, () => mapped(levels, () => 0));
  let bestScore = -Infinity;
  let bestExtra = -Infinity;
  let bestFrom = 0;
  let bestTo = 0;
  // The same counts for a short window from the same start: ideas standing close together score a little more.
  const near = mapped(concepts, () => mapped(levels, () => 0));
  // Called twice per match: plain loops, no closures (a sum captured by one is a new number at each step).
  const covered = (table: number[][]) => {
    let sum = 0;
    for (let c = 0; c < table.length; c++) {
      const byLevel = table[c]!;
      let k = 0;
      while (k < byLevel.length && !(byLevel[k]! > 0)) k++;
      if (k < byLevel.length) sum += concepts[c]!.weight * levels[k]!;
    }
    return sum / totalWeight;
  };
  let j = 0;
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    const first = events[i]!;
    while (j < events.length && events[j]!.end - first.start <= windowChars) {
      counts[events[j]!.concept]![levels.indexOf(events[j]!.factor)]!++;
      j++;
    }
    while (n < j && events[n]!.end - first.start <= nearChars) {
      near[events[n]!.concept]![levels.indexOf(events[n]!.factor)]!++;
      n++;
    }
    const cue = cues.length > 0 ? cueWithin(cues, first.start, first.start + windowChars) : undefined;
    // The share of the question's ideas decides; closeness, density and an answer cue only break ties.
    const coverage = covered(counts);
    const extra = nearShare * covered(near) + densityShare * Math.min(1, (j - i) / denseMatches) + (cue ? cueShare : 0);
    if (coverage > bestScore + 1e-6 || (coverage > bestScore - 1e-6 && extra > bestExtra + 1e-9)) {
      bestScore = Math.max(bestScore, coverage);
      bestExtra = extra;
      bestFrom = i;
      bestTo = j;
    }
    counts[first.concept]![levels.indexOf(first.factor)]!--;
    if (n > i) near[first.concept]![levels.indexOf(first.factor)]!--;
    else n = i + 1;
  }
  const inside = events.slice(bestFrom, bestTo);
  const strength = strengths(concepts, inside);
  const useful = inside.filter((event) => event.factor === strength[event.concept]);
  let cluster = smallestCover(useful, concepts.length);
  // The excerpt should show the part that looks like the answer (the reason, the number…) beside the matched words.
  const cue = cues.length > 0 ? cueWithin(cues, inside[0]!.start, inside[0]!.start + windowChars) : undefined;
  if (cue) cluster = { start: Math.min(cluster.start, cue.start), end: Math.max(cluster.end, cue.end) };
  return { start: inside[0]!.start, strength, density: Math.min(1, inside.length / denseMatches), cluster };
}

/** The shortest run of matches holding every idea that the given matches hold (two pointers over them, by start). */
function smallestCover(events: readonly MatchEvent[], conceptCount: number): Span {
  const need = new Set(mapped(events, (event) => event.concept)).size;
  const counts = new Array<number>(conceptCount).fill(0);
  let have = 0;
  let best: Span = { start: events[0]!.start, end: Math.max(...mapped(events, (event) => event.end)) };
  let left = 0;
  for (let right = 0; right < events.length; right++) {
    const event = events[right]!;
    if (counts[event.concept]!++ === 0) have++;
    while (have === need) {
      const span = { start: events[left]!.start, end: maxEnd(events, left, right) };
      if (span.end - span.start < best.end - best.start) best = span;
      if (--counts[events[left]!.concept]! === 0) have--;
      left++;
    }
  }
  return best;
}

function maxEnd(events: readonly MatchEvent[], from: number, to: number): number {
  let end = 0;
  for (let k = from; k <= to; k++) end = Math.max(end, events[k]!.end);
  return end;
}

// Words that often carry the kind of answer a question asks for. A window holding one wins a tie among windows that
// match the question's words equally well; it never makes a window with fewer of them win.
const CUES: Record<AnswerKind, RegExp> = {
  reason: new RegExp(
    String.raw`\b(?:because|since|so that|in order to|the (?:aim|goal|reason|purpose) (?:is|was)|` +
      String.raw`if you want|to avoid|otherwise|that is why|this is why)\b`,
    'gi',
  ),
  quantity: new RegExp(
    String.raw`\b\d[\d.,]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|` +
      String.raw`twenty|thirty|forty|fifty|hundred|thousand|million|dozens?|several|few)\b`,
    'gi',
  ),
  time: new RegExp(
    String.raw`\b(?:1[89]\d\d|20\d\d|` +
      String.raw`january|february|march|april|may|june|july|august|september|october|november|december|` +
      String.raw`spring|summer|autumn|fall|winter|yesterday|tomorrow|today|ago|weeks?|months?|years?|days?|` +
      String.raw`end of|beginning of|early|late)\b`,
    'gi',
  ),

  person: /\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\b/gu,
  place: /\b(?:in|at|from|near) (?:the )?\p{Lu}\p{Ll}+/gu,
  list: /(?<=^|\n)[ \t]*(?:\d{1,2}[.)]|[•▪◦*–-])[ \t]+(?=\S)/gu,
};

/** Where windows can reach: windowChars from each match on (a window starts at a match), merged. */
export function windowRanges(events: readonly MatchEvent[], windowChars: number = RANKING.windowChars): number[] {
  const ranges: number[] = [];
  for (const event of events) {
    const end = event.start + windowChars;
    if (ranges.length > 0 && event.start <= ranges[ranges.length - 1]!)
      ranges[ranges.length - 1] = Math.max(ranges[ranges.length - 1]!, end);
    else ranges.push(event.start, end);
  }
  return ranges;
}

/** The longest cue: a cue starting near a stretch's end is read whole. */
const CUE_REACH = 40;

/** Cues starting inside the given stretches of a text (a post's is read only around them). */
export function findCues(source: string | SearchablePost, kind: AnswerKind, ranges: Ranges): Span[] {
  const pattern = CUES[kind];
  const length = typeof source === 'string' ? source.length : textLengthOf(source);
  const spans: Span[] = [];
  for (let r = 0; r < ranges.length; r += 2) {
    // On a slice: a search that finds nothing in the stretch must not run on to the end of the text.
    const from = ranges[r]!;
    const to = Math.min(length, ranges[r + 1]! + CUE_REACH);
    const stretch = typeof source === 'string' ? source.slice(from, to) : textSlice(source, from, to);
    pattern.lastIndex = 0;
    for (
      let match = pattern.exec(stretch);
      match && match.index < ranges[r + 1]! - from && spans.length < 500;
      match = pattern.exec(stretch)
    ) {
      spans.push({ start: from + match.index, end: from + match.index + match[0].length });
    }
  }
  return spans;
}

/** The first cue inside [from, to), by binary search over cues sorted by start. */
function cueWithin(cues: readonly Span[], from: number, to: number): Span | undefined {
  let low = 0;
  let high = cues.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cues[mid]!.start < from) low = mid + 1;
    else high = mid;
  }
  const cue = cues[low];
  return cue && cue.end <= to ? cue : undefined;
}
