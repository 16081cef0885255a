// Cuts a passage a reader sees out of a post: about `size` characters around a cluster of matches, read from the
// paragraphs around it only, as plain text with every match in sight highlighted.
import { textAround, type SearchablePost } from '../storage/post-store.js';
import { mapped } from './arrays.js';
import { excerptRange, plainExcerpt, type Excerpt } from './excerpt.js';
import type { MatchEvent, Ranges, Span } from './types.js';

export interface Passage {
  /** Where the passage stands in the post's text. */
  range: Span;
  excerpt: Excerpt;
}

/**
 * The passage is cut from a piece of the text reaching `size` characters (and a few) either side of the cluster:
 * excerptRange looks no farther, so it cuts where it would on the whole text. The matches are looked for again around
 * the range, so words the window choice did not need to read are highlighted too.
 */
export function cutPassage(
  post: SearchablePost,
  length: number,
  cluster: Span,
  size: number,
  matchesIn: (post: SearchablePost, ranges: Ranges) => MatchEvent[],
): Passage {
  const piece = textAround(post, Math.max(0, cluster.start - size - 4), Math.min(length, cluster.end + size + 4));
  const local = excerptRange(piece.text, { start: cluster.start - piece.start, end: cluster.end - piece.start }, size);
  const range = { start: local.start + piece.start, end: local.end + piece.start };
  const inside = matchesIn(post, paragraphsAround(post, length, range)).filter(
    (event) => event.start >= range.start && event.end <= range.end,
  );
  const matches = mapped(inside, (event) => ({ start: event.start - piece.start, end: event.end - piece.start }));
  return { range, excerpt: plainExcerpt(piece.text, local, matches) };
}

/**
 * The paragraphs a text range overlaps, with the one before it (a phrase or an idiom may start there), as one stretch.
 */
function paragraphsAround(post: SearchablePost, length: number, range: Span): Ranges {
  const starts = post.paragraphStarts;
  let first = 0;
  while (first + 1 < starts.length && starts[first + 1]! <= range.start) first++;
  let last = first;
  while (last + 1 < starts.length && starts[last + 1]! < range.end) last++;
  return [
    starts.length > 0 ? starts[Math.max(0, first - 1)]! : 0,
    last + 1 < starts.length ? starts[last + 1]! : length,
  ];
}
