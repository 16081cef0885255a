// Cuts the excerpt a reader sees: about 350 characters around the densest cluster of matched words, starting at a
// sentence where it can, "…" where it cuts. It is plain text: the matched words are given as ranges (highlights), and
// each renderer (src/replies) escapes and highlights them for its medium.
import { mapped } from './arrays.js';
import type { Span } from './types.js';

export const EXCERPT_CHARS = 350;

/** An excerpt as plain text, with the matched words marked by ranges rather than by markup. */
export interface Excerpt {
  /**
   * What a reader sees, without any markup: "…" where a passage was cut from its post, runs of blank lines made one
   * line break, passages a blank line ("\n\n") apart (a blank line occurs nowhere else).
   */
  text: string;
  /**
   * The matched words: half-open ranges [start, end) of `text`, in UTF-16 code units (JavaScript string indices),
   * sorted, never overlapping (two may touch), never covering a "…" cut mark.
   */
  highlights: Span[];
}

/** Share of the room left around the cluster that goes before it (the words after a match matter more to a reader). */
export const LEAD_SHARE = 0.25;
/** How much farther back than the room before the cluster a sentence start may be, as a share of the room. */
const BACK_SHARE = 0.6;

/**
 * Chooses the excerpt's range in the text so that it holds the cluster, with about `leadShare` of the room left
 * before it: it starts at the first sentence start from that point on; when the cluster's own sentence starts before
 * that point, at that sentence's start if it is not much farther back, else between words (the "…" shows the cut).
 * Paragraph breaks and list items count as sentence starts and may fall inside the excerpt.
 */
export function excerptRange(text: string, cluster: Span, size = EXCERPT_CHARS, leadShare = LEAD_SHARE): Span {
  if (text.length <= size) return { start: 0, end: text.length };
  const clusterLength = Math.max(0, cluster.end - cluster.start);
  const spare = Math.max(0, size - clusterLength);
  const earliest = Math.max(0, cluster.start - spare);
  // Near the end of the text there is little to show after the cluster: the room goes before it.
  const lead = Math.max(Math.floor(spare * leadShare), spare - (text.length - cluster.end));
  const target = Math.max(earliest, cluster.start - lead);
  const starts = sentenceStarts(text, earliest, cluster.start);
  const before = starts.filter((at) => at < target).pop();
  const start =
    starts.find((at) => at >= target) ??
    (before !== undefined && target - before <= spare * BACK_SHARE
      ? before
      : wordStartAtOrAfter(text, target, cluster.start));
  const end = Math.min(text.length, start + size);
  return { start, end: Math.max(wordEndAtOrBefore(text, end, cluster.end), Math.min(cluster.end, text.length)) };
}

/**
 * The excerpt of `text` in `range`, "…" at either end where the range cuts the text, with `matches` inside the range
 * as highlights (overlapping ones joined). The text is tidied as a reader should see it: runs of blank lines become one
 * line break and the ends are trimmed; the highlights follow.
 */
export function plainExcerpt(text: string, range: Span, matches: readonly Span[]): Excerpt {
  const inside = mergeSpans(matches.filter((span) => span.start >= range.start && span.end <= range.end));
  let from = range.start;
  let to = range.end;
  while (from < to && /\s/.test(text[from]!)) from++;
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  const before = range.start > 0 ? '…' : '';
  // A line break after a line break is dropped. Copied a stretch at a time, not a character at a time: one string per
  // stretch, not one per character.
  const dropped: number[] = [];
  let kept = before;
  let copied = from;
  for (let i = from + 1; i < to; i++) {
    if (text[i] !== '\n' || text[i - 1] !== '\n') continue;
    kept += text.slice(copied, i);
    copied = i + 1;
    dropped.push(i);
  }
  kept += text.slice(copied, to);
  // Where text[index] lands in the excerpt (a line break dropped lands where the next character does).
  const where = (index: number) => {
    const at = Math.min(Math.max(index, from), to);
    let shift = 0;
    while (shift < dropped.length && dropped[shift]! < at) shift++;
    return before.length + at - from - shift;
  };
  const moved = mapped(inside, (span) => ({ start: where(span.start), end: where(span.end) }));
  const highlights = moved.filter((span) => span.end > span.start);
  return { text: `${kept}${range.end < text.length ? '…' : ''}`, highlights };
}

/** Passages shown together, a blank line apart, as one excerpt. */
export function joinExcerpts(passages: readonly Excerpt[]): Excerpt {
  let text = '';
  const highlights: Span[] = [];
  for (const passage of passages) {
    if (text !== '') text += '\n\n';
    highlights.push(
      ...mapped(passage.highlights, (span) => ({ start: span.start + text.length, end: span.end + text.length })),
    );
    text += passage.text;
  }
  return { text, highlights };
}

/** Sorted spans with overlapping ones joined, so a word inside a highlighted phrase is not highlighted twice. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/** Where sentences (and paragraphs, and list items) start in [from, to], the text's own start included. */
function sentenceStarts(text: string, from: number, to: number): number[] {
  const starts = from === 0 ? [0] : [];
  // After a colon only when what follows starts like a sentence or an item ("First the names : ASIC means…").
  const breaks = /(?:[.!?…]["”’)]?\s+|:\s+(?=[\p{Lu}\p{N}•])|\n+)(?=\S)/gu;
  breaks.lastIndex = Math.max(0, from - 3);
  for (let match = breaks.exec(text); match && match.index + match[0].length <= to; match = breaks.exec(text)) {
    const at = match.index + match[0].length;
    if (at >= from && at !== starts[starts.length - 1]) starts.push(at);
  }
  return starts;
}

function wordStartAtOrAfter(text: string, index: number, limit: number): number {
  if (index === 0 || /\s/.test(text[index - 1] ?? ' ')) return index;
  let at = index;
  while (at < limit && !/\s/.test(text[at - 1] ?? ' ')) at++;
  return at;
}

function wordEndAtOrBefore(text: string, index: number, floor: number): number {
  if (index >= text.length || /\s/.test(text[index] ?? ' ')) return index;
  let at = index;
  while (at > floor && !/\s/.test(text[at] ?? ' ')) at--;
  return at;
}
