// Cuts the excerpt a reader sees: about 350 characters around the densest cluster of matched words,
// starting at a sentence where it can, "…" where it cuts, matched words in bold, Markdown escaped.
import type { Span } from './types.js';

export const EXCERPT_CHARS = 350;

export interface Excerpt {
  /** What a reader sees: Markdown with matched words in **bold** and other Markdown escaped. */
  markdown: string;
  /** The same words without any markup, for deep links and plain-text checks. */
  plain: string;
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
    (before !== undefined && target - before <= spare * BACK_SHARE ? before : wordStartAtOrAfter(text, target, cluster.start));
  const end = Math.min(text.length, start + size);
  return { start, end: Math.max(wordEndAtOrBefore(text, end, cluster.end), Math.min(cluster.end, text.length)) };
}

export function renderExcerpt(text: string, range: Span, bold: readonly Span[]): Excerpt {
  const parts: string[] = [];
  const plainParts: string[] = [];
  let at = range.start;
  for (const span of mergeSpans(bold.filter((span) => span.start >= range.start && span.end <= range.end))) {
    parts.push(escapeMarkdown(text.slice(at, span.start)), `**${escapeMarkdown(text.slice(span.start, span.end))}**`);
    at = span.end;
  }
  parts.push(escapeMarkdown(text.slice(at, range.end)));
  plainParts.push(text.slice(range.start, range.end));
  const before = range.start > 0 ? '…' : '';
  const after = range.end < text.length ? '…' : '';
  const tidy = (s: string) => s.replace(/\n{2,}/g, '\n').trim();
  return {
    markdown: `${before}${tidy(parts.join(''))}${after}`,
    plain: `${before}${tidy(plainParts.join(''))}${after}`,
  };
}

/** Sorted spans with overlapping ones joined, so a word inside a bolded phrase is not bolded twice. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/** Backslash-escapes what Discord would read as Markdown, so a post's text shows as written. */
export function escapeMarkdown(text: string): string {
  // A backslash before a digit is shown as is, so a numbered line is escaped after its number: 1\.
  return text
    .replace(/([\\*_~`|])/g, '\\$1')
    .replace(/^([>#-])(?=\s)/gm, '\\$1')
    .replace(/^(\d+)\.(?=\s)/gm, '$1\\.');
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
