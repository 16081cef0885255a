// Cuts the excerpt a reader sees: about 350 characters around the densest cluster of matched words,
// starting at a sentence where it can, "…" where it cuts, matched words in bold, Markdown escaped.

export const EXCERPT_CHARS = 350;

export interface Span {
  start: number;
  end: number;
}

export interface Excerpt {
  /** What a reader sees: Markdown with matched words in **bold** and other Markdown escaped. */
  markdown: string;
  /** The same words without any markup, for deep links and plain-text checks. */
  plain: string;
}

/** Chooses the excerpt's range in the text so that it holds the cluster [from, to). */
export function excerptRange(text: string, cluster: Span, size = EXCERPT_CHARS): Span {
  if (text.length <= size) return { start: 0, end: text.length };
  const clusterLength = Math.max(0, cluster.end - cluster.start);
  const spare = Math.max(0, size - clusterLength);
  // Start at the sentence (or paragraph) that holds the cluster when that leaves room; else a little before it.
  const earliest = Math.max(0, cluster.start - spare);
  let start = sentenceStartBetween(text, earliest, cluster.start);
  if (start === undefined) start = Math.max(0, cluster.start - Math.floor(spare / 4));
  start = wordStartAtOrAfter(text, start, cluster.start);
  let end = Math.min(text.length, start + size);
  end = Math.max(wordEndAtOrBefore(text, end, cluster.end), Math.min(cluster.end, text.length));
  return { start, end };
}

export function renderExcerpt(text: string, range: Span, bold: readonly Span[]): Excerpt {
  const parts: string[] = [];
  const plainParts: string[] = [];
  let at = range.start;
  const inside = bold
    .filter((span) => span.start >= range.start && span.end <= range.end)
    .sort((a, b) => a.start - b.start);
  for (const span of inside) {
    if (span.start < at) continue;
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

/** Backslash-escapes what Discord would read as Markdown, so a post's text shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1').replace(/^([>#-]|\d+\.)(?=\s)/gm, '\\$1');
}

function sentenceStartBetween(text: string, from: number, to: number): number | undefined {
  if (from === 0 && to >= 0) {
    // The text's own start is a sentence start.
    const found = lastSentenceBreak(text, from, to);
    return found ?? 0;
  }
  return lastSentenceBreak(text, from, to);
}

function lastSentenceBreak(text: string, from: number, to: number): number | undefined {
  const breaks = /(?:[.!?…]["”’)]?\s+|\n+)(?=\S)/g;
  breaks.lastIndex = from;
  let found: number | undefined;
  for (let match = breaks.exec(text); match && match.index + match[0].length <= to; match = breaks.exec(text)) {
    found = match.index + match[0].length;
  }
  return found;
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
