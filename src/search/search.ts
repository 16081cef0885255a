// Answers a parsed query over a corpus. BM25 over whole posts picks candidate posts; in each candidate, every window of
// text (about 300 characters) is scored by the IDF-weighted share of the question's ideas it holds; the best window
// ranks
// the post, gives its confidence and becomes its excerpt (with, for the answer, a second passage). The outcome has one
// of three tiers: confident answers, "not sure" posts that may help, or nothing (see tierOf). Candidates are read most
// promising first, and only as far as they can still change the outcome (the bounds come from reach.ts). Every weight
// comes from ranking.ts.
import { textLengthOf, type SearchablePost } from '../storage/post-store.js';
import { mapped } from './arrays.js';
import { prepare } from './concepts.js';
import { EXCERPT_CHARS, joinExcerpts, type Excerpt } from './excerpt.js';
import { cutPassage } from './passages.js';
import { buildMatcher, conceptMasks, findEvents, findEventsInPost, strengths, wordFilter } from './matching.js';
import { RANKING, type RankingConfig } from './ranking.js';
import { bestPossibleShare, bestWindowOf, contextStrengths, windowSpansOf } from './reach.js';
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
  /**
   * Share (0–1) of the question's weighted ideas found together in the excerpt (found only in the title or heading:
   * RankingConfig.contextShare).
   */
  confidence: number;
  /**
   * The passages shown, a blank line apart: the best one first, then for the answer maybe a second one (see
   * RankingConfig.secondPassageShare).
   */
  excerpt: Excerpt;
  passages: Excerpt[];
}

export interface SearchOutcome {
  /** The confident answers, best first. */
  hits: Hit[];
  /**
   * When there is no confident answer but something may help: up to RELATED_POSTS posts (and no more than `limit`),
   * best first, each with its best passage (shorter than an answer's). Empty when `hits` is not.
   */
  related: Hit[];
}

/** How sure the search is of its outcome (see tierOf). */
type Tier = 'confident' | 'maybe' | 'none';

export interface SearchOptions {
  limit: number;
  /** Below this confidence there is no confident answer (RankingConfig.minConfidence by default). */
  minConfidence?: number;
  /** Read every candidate post whole instead of only the paragraphs that can match (the same answers, slower). */
  wholePosts?: boolean;
  /** The weights to rank with, RANKING by default (tests vary them). */
  ranking?: RankingConfig;
  /**
   * Called for each candidate post read: what it scored, and the bounds it was passed over by when they were low. A
   * post given up on partway (see StopRule in reach.ts) is not reported.
   */
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

/** Without a confident answer, this many posts at most are offered as "not sure, but may help". */
export const RELATED_POSTS = 3;
/** The passage of a "may help" post: shorter than an answer's, the cards being smaller. */
const RELATED_PASSAGE_CHARS = 200;
/**
 * The second passage is shorter, and stands at least PASSAGE_GAP characters away from the first; without one, the first
 * is longer by as much.
 */
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
        if (termId !== undefined)
          lookup.push({ termId, boost: alternative.factor / Math.sqrt(alternative.terms.length) });
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
    const cues =
      query.answerKind && events.length > 0
        ? findCues(post, query.answerKind, windowRanges(events, ranking.windowChars))
        : [];
    return bestWindow(events, concepts, totalWeight, cues, ranking);
  };
  const weighOf = (strength: readonly number[]) =>
    concepts.reduce((sum, concept, c) => sum + concept.weight * (strength[c] ?? 0), 0);

  // Cheap first: the title, and the most a post could score (every idea its paragraphs may hold matching fully).
  const cheap = mapped(candidates, ({ doc, score }) => {
    const post = corpus.posts[doc]!;
    const inTitle = strengths(concepts, matchesIn(post.title));
    const titleShare = weighOf(inTitle) / totalWeight;
    const fixed = ranking.titleShare * titleShare + ranking.bm25Share * (score / bestBm25);
    const masks = conceptMasks(corpus.index, doc, concepts);
    const spans = options.wholePosts ? [] : windowSpansOf(post, ranking.windowChars);
    const bestContext = options.wholePosts ? [] : contextStrengths(post, concepts, matchesIn, inTitle);
    const share = options.wholePosts
      ? Infinity
      : bestPossibleShare(concepts, masks, bestContext, totalWeight, spans, ranking);
    // A window's density is at most 1.
    return { doc, post, fixed, share, bound: share + ranking.densityShare + fixed, masks, spans, bestContext };
  });
  cheap.sort((a, b) => b.bound - a.bound || a.doc - b.doc);

  const ranked: Ranked[] = [];
  const read = ({ doc, post, fixed, masks, spans, bestContext, share, bound }: (typeof cheap)[number]) => {
    // Reading stops partway when the paragraphs read show that the post cannot change the outcome after all.
    const stop = {
      context: bestContext,
      contextShare: ranking.contextShare,
      canMatter: (most: number) =>
        ranked.length === 0 || canMatter({ bound: most + ranking.densityShare + fixed, share: most }, ranked, judge),
    };
    const window = options.wholePosts
      ? windowOf(post, matchesIn(post.text))
      : bestWindowOf(post, concepts, masks, totalWeight, matchesInPost, windowOf, spans, stop);
    if (!window) return;
    const context = strengths(concepts, matchesIn(`${post.title}\n${headingAt(post, window.start)}`));
    let matched = 0;
    let ideas = 0;
    concepts.forEach((concept, c) => {
      const strength = Math.max(window.strength[c] ?? 0, ranking.contextShare * (context[c] ?? 0));
      matched += concept.weight * strength;
      if (strength > 0) ideas++;
    });
    const confidence = Math.min(1, matched / totalWeight);
    const rank = confidence + ranking.densityShare * window.density + fixed;
    insertRanked(ranked, { doc, score: rank, confidence, ideas, window, masks, spans });
    options.onRead?.({ doc, score: rank, scoreBound: bound, confidence, confidenceBound: share });
  };
  const judge: Judge = {
    threshold,
    ideasTogether: Math.min(ranking.minIdeasTogether, concepts.length),
    totalWeight,
    chance: Math.log(corpus.index.data.paragraphCount + ranking.backgroundParagraphs),
    limit: options.limit,
    relatedLimit: Math.min(options.limit, RELATED_POSTS),
    ranking,
  };
  // Posts that cannot change the outcome are passed over: what a post needs to change it only grows as more are read.
  for (const candidate of cheap) if (ranked.length === 0 || canMatter(candidate, ranked, judge)) read(candidate);

  const tier = tierOf(ranked, judge);
  if (tier === 'none') return { hits: [], related: [] };
  const best = ranked[0]!;
  const passage = (post: SearchablePost, length: number, cluster: Span, size: number) =>
    cutPassage(post, length, cluster, size, matchesInPost);
  /** The best passage of the post away from the first one, when it holds enough of the question (else undefined). */
  const secondPassage = (
    post: SearchablePost,
    length: number,
    first: Span,
    { window, masks, spans }: (typeof ranked)[number],
  ) => {
    const isAway = (event: MatchEvent) =>
      event.end <= first.start - PASSAGE_GAP || event.start >= first.end + PASSAGE_GAP;
    // Found as the first window is, reading only the stretches that can hold the best one (the matches near the first
    // left out).
    const other = options.wholePosts
      ? windowOf(post, matchesIn(post.text).filter(isAway))
      : bestWindowOf(
          post,
          concepts,
          masks,
          totalWeight,
          (p, ranges) => matchesInPost(p, ranges).filter(isAway),
          windowOf,
          spans,
        );
    const share = weighOf(other.strength);
    if (share === 0 || share < ranking.secondPassageShare * weighOf(window.strength)) return undefined;
    const second = passage(post, length, other.cluster, SECOND_PASSAGE_CHARS);
    return second.range.start < first.end && second.range.end > first.start ? undefined : second.excerpt;
  };
  if (tier === 'maybe') {
    const shown = ranked.filter((r) => isRelated(r, best, judge)).slice(0, judge.relatedLimit);
    const related = mapped(shown, (r) => {
      const post = corpus.posts[r.doc]!;
      const { excerpt } = passage(post, textLengthOf(post), r.window.cluster, RELATED_PASSAGE_CHARS);
      return { doc: r.doc, score: round(r.score), confidence: round(r.confidence), excerpt, passages: [excerpt] };
    });
    return { hits: [], related };
  }
  const shown = ranked.filter((r) => isHit(r, best, judge)).slice(0, options.limit);
  const hits = mapped(shown, (r, rank) => {
    const post = corpus.posts[r.doc]!;
    const length = textLengthOf(post);
    const first = passage(post, length, r.window.cluster, EXCERPT_CHARS);
    let passages = [first.excerpt];
    if (rank === 0) {
      const second = secondPassage(post, length, first.range, r);
      // Without a second passage, the first one takes its room: more of what surrounds the answer.
      passages = second
        ? [first.excerpt, second]
        : [passage(post, length, r.window.cluster, EXCERPT_CHARS + SECOND_PASSAGE_CHARS).excerpt];
    }
    return {
      doc: r.doc,
      score: round(r.score),
      confidence: round(r.confidence),
      excerpt: joinExcerpts(passages),
      passages,
    };
  });
  return { hits, related: [] };
}

/** A candidate post once read: its score, confidence and best window. */
interface Ranked {
  doc: number;
  score: number;
  confidence: number;
  /** How many of the question's ideas its best window holds, or its title or the window's heading. */
  ideas: number;
  window: Window;
  masks: number[];
  spans: number[];
}

/** What the outcome is judged by. */
interface Judge {
  threshold: number;
  /** How many of the question's ideas an answer must hold together (RankingConfig.minIdeasTogether, or all). */
  ideasTogether: number;
  totalWeight: number;
  /** ln of the paragraphs a match could stand in (the blog's and the background's): what chance explains, in nats. */
  chance: number;
  limit: number;
  /** How many posts that may help are shown at most. */
  relatedLimit: number;
  ranking: RankingConfig;
}

/** Keeps `ranked` sorted by score, best first (ties: lower post number first). */
function insertRanked(ranked: Ranked[], entry: Ranked): void {
  let at = ranked.length;
  while (
    at > 0 &&
    (ranked[at - 1]!.score < entry.score || (ranked[at - 1]!.score === entry.score && ranked[at - 1]!.doc > entry.doc))
  )
    at--;
  ranked.splice(at, 0, entry);
}

/**
 * The outcome's tier, from the posts read (best first):
 * - confident: the best post clears the bar (RankingConfig.minConfidence, holding RankingConfig.minIdeasTogether of
 *   the question's ideas together) and stands out, scoring RankingConfig.standOut more than the runner-up. In a big
 *   blog, some post holds part of any question, and several hold it equally when it is about none of them: then none
 *   is the answer.
 * - maybe ("not sure, these may help"): the best post clears the bar without standing out, or the ideas it holds
 *   weigh at least ln(paragraphs) nats plus RankingConfig.maybeEvidence (about what chance would put in a dozen
 *   paragraphs of a blog this size). A question in the reader's own words often shares only a few telling words with
 *   its post.
 * - none: nothing relevant.
 */
function tierOf(ranked: readonly Ranked[], judge: Judge): Tier {
  const best = ranked[0];
  if (!best || best.confidence <= 0) return 'none';
  const clears = clearsBar(best, judge);
  if (clears && best.score - (ranked[1]?.score ?? 0) >= judge.ranking.standOut) return 'confident';
  if (clears || best.confidence * judge.totalWeight >= judge.chance + judge.ranking.maybeEvidence) return 'maybe';
  return 'none';
}

/** Whether a post holds enough of the question to be an answer, standing out or not. */
function clearsBar(r: Ranked, judge: Judge): boolean {
  return r.confidence >= judge.threshold && r.ideas >= judge.ideasTogether;
}

function isHit(r: Ranked, best: { score: number }, judge: Judge): boolean {
  return clearsBar(r, judge) && r.score >= best.score * judge.ranking.hitShare;
}

function isRelated(r: { score: number; confidence: number }, best: { score: number }, judge: Judge): boolean {
  return r.confidence > 0 && r.score >= best.score * judge.ranking.hitShare;
}

/**
 * Whether reading a candidate could change the outcome, from the most it can score (`bound`) and the most its
 * confidence can be (`share`): by becoming the best post, by coming within standOut of the best (the tier), or by
 * joining the posts shown (answers or "may help" ones). Each test only gets harder to pass as more posts are read.
 */
function canMatter(candidate: { bound: number; share: number }, ranked: readonly Ranked[], judge: Judge): boolean {
  const { bound, share } = candidate;
  const best = ranked[0]!;
  // It could be the best post (a tie goes to the lower post number, which it may have).
  if (bound >= best.score) return true;
  const runnerUp = ranked[1]?.score ?? 0;
  const runnerUpClose = runnerUp >= best.score - judge.ranking.standOut;
  // It could come within standOut of the best post, and so decide the tier.
  if (!runnerUpClose && bound >= best.score - judge.ranking.standOut) return true;
  // Whatever is left unread, the tier is known now: confident, or not.
  const confident = clearsBar(best, judge) && !runnerUpClose;
  if (confident) {
    return (
      share >= judge.threshold &&
      bound >= best.score * judge.ranking.hitShare &&
      shownAbove(ranked, bound, true, judge) < judge.limit
    );
  }
  return (
    share > 0 &&
    bound >= best.score * judge.ranking.hitShare &&
    shownAbove(ranked, bound, false, judge) < judge.relatedLimit
  );
}

/**
 * How many posts read score above `bound` and are shown: as answers (`hits`) or as posts that may help. A plain loop:
 * canMatter runs for every candidate and, through the stop rule, for every stretch read, and its closures were 4% of
 * a question's garbage.
 */
function shownAbove(ranked: readonly Ranked[], bound: number, hits: boolean, judge: Judge): number {
  const best = ranked[0]!;
  let count = 0;
  for (const r of ranked) {
    if (r.score > bound && (hits ? isHit(r, best, judge) : isRelated(r, best, judge))) count++;
  }
  return count;
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
