// Discord Markdown for a reply's rich text: each run escaped as its kind needs, matched words in **bold**, and a cut to
// a length that never splits an escape, a bold pair, a link or an emoji (the plain text is cut, then rendered).
import type { Excerpt } from '../answer.js';
import { keptLength } from '../text/truncate.js';
import { escapeMarkdown, escapeUserText } from './escape.js';
import type { Inline, RichText } from './reply.js';

export function toMarkdown(text: RichText): string {
  return text.map(inlineMarkdown).join('');
}

/** The Markdown of `text`, cut with "…" to at most `max` characters when it is longer. */
export function fitMarkdown(text: RichText, max: number): string {
  const whole = toMarkdown(text);
  if (whole.length <= max) return whole;
  const plain = text.map(plainOf).join('');
  const fits = (length: number) => toMarkdown(prefix(text, length)).length <= max - 1;
  // Markdown grows with the plain text it renders, so the longest prefix that fits is found by bisection.
  let low = 0;
  let high = plain.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  // A link or a code span that does not fit is left out whole: the cut moves back to the words before it.
  const length = keptLength(plain, low, { atWord: true });
  let kept = prefix(text, length);
  const keptPlain = kept.map(plainOf).join('').length;
  if (keptPlain < length) kept = prefix(text, keptLength(plain, keptPlain, { atWord: true }));
  return `${toMarkdown(kept)}…`;
}

/**
 * An excerpt in Markdown, as the CLI's JSON contract gives it: the highlights in **bold**, every other run escaped on
 * its own. Runs are cut at the highlights' edges and at the edges of each passage and of its "…" cut marks, and each
 * run's start counts as a line start (escapeMarkdown).
 *
 * With `code` (Discord), the post's code — the backtick-marked spans the paragraphs keep (src/content/paragraphs.ts)
 * — shows as code: as written, never bold, and closed or opened again where a cut split it. Without (the JSON
 * contract), a backtick is escaped like any other character.
 */
export function excerptMarkdown({ text, highlights }: Excerpt, options: { code?: boolean } = {}): string {
  const code = options.code ? codeRanges(text) : [];
  const edges = new Set([0, text.length]);
  for (const span of highlights) edges.add(span.start).add(span.end);
  for (const range of code) edges.add(range.start).add(range.end);
  for (let start = 0; start >= 0; ) {
    const end = text.indexOf('\n\n', start);
    const stop = end < 0 ? text.length : end;
    edges.add(start).add(stop);
    if (text.startsWith('…', start)) edges.add(start + 1);
    if (stop > start && text[stop - 1] === '…') edges.add(stop - 1);
    start = end < 0 ? -1 : end + 2;
  }
  const sorted = [...edges].sort((a, b) => a - b);
  let highlight = 0;
  let markdown = '';
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [start, end] = [sorted[i]!, sorted[i + 1]!];
    const inCode = code.find((range) => range.start <= start && end <= range.end);
    if (inCode) {
      const opening = start === inCode.start && !inCode.opened ? '`' : '';
      const closing = end === inCode.end && !inCode.closed ? '`' : '';
      markdown += `${opening}${text.slice(start, end)}${closing}`;
      continue;
    }
    while (highlight < highlights.length && highlights[highlight]!.end <= start) highlight++;
    const run = escapeMarkdown(text.slice(start, end));
    const span = highlights[highlight];
    markdown += span && span.start <= start && end <= span.end ? `**${run}**` : run;
  }
  return markdown;
}

/** A run of code in an excerpt: [start, end) with its backticks, and whether each is there or was cut off. */
interface CodeRange {
  start: number;
  end: number;
  opened: boolean;
  closed: boolean;
}

/**
 * The code spans of an excerpt's text, line by line (the paragraphs never mark code across lines). A line with an odd
 * number of backticks was cut inside a span: at its start when it begins with the "…" cut mark, else at its end.
 */
function codeRanges(text: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const ticks = [...line.matchAll(/`/g)].map((match) => lineStart + match.index);
    if (ticks.length % 2 === 1) {
      if (line.startsWith('…'))
        ranges.push({ start: lineStart + 1, end: ticks.shift()! + 1, opened: false, closed: true });
      else
        ranges.push({
          start: ticks.pop()!,
          end: lineStart + line.replace(/…$/, '').length,
          opened: true,
          closed: false,
        });
    }
    for (let i = 0; i + 1 < ticks.length; i += 2)
      ranges.push({ start: ticks[i]!, end: ticks[i + 1]! + 1, opened: true, closed: true });
    lineStart += line.length + 1;
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** A URL inside a Markdown link: a ')' or a space would end the link early, so they are percent-encoded. */
export function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function inlineMarkdown(inline: Inline): string {
  if (typeof inline === 'string') return escapeMarkdown(inline);
  switch (inline.kind) {
    case 'user':
      return escapeUserText(inline.text);
    case 'quote':
      return excerptMarkdown(inline.excerpt, { code: true });
    case 'strong':
      return `**${escapeMarkdown(inline.text)}**`;
    case 'code':
      return `\`${inline.text.replace(/`/g, 'ˋ')}\``;
    case 'link':
      return `[${escapeUserText(inline.text)}](${linkTarget(inline.url)})`;
  }
}

function plainOf(inline: Inline): string {
  if (typeof inline === 'string') return inline;
  return inline.kind === 'quote' ? inline.excerpt.text : inline.text;
}

/** The first `length` characters of the plain text, as rich text; a code span or a link is kept whole or left out. */
function prefix(text: RichText, length: number): Inline[] {
  const kept: Inline[] = [];
  let room = length;
  for (const inline of text) {
    const size = plainOf(inline).length;
    if (size <= room) {
      kept.push(inline);
      room -= size;
      continue;
    }
    if (typeof inline === 'string') kept.push(inline.slice(0, room));
    else if (inline.kind === 'user') kept.push({ ...inline, text: inline.text.slice(0, room) });
    else if (inline.kind === 'quote') kept.push({ kind: 'quote', excerpt: excerptPrefix(inline.excerpt, room) });
    break;
  }
  return kept;
}

function excerptPrefix({ text, highlights }: Excerpt, length: number): Excerpt {
  const clipped = highlights
    .filter((span) => span.start < length)
    .map((span) => ({ start: span.start, end: Math.min(span.end, length) }));
  return { text: text.slice(0, length), highlights: clipped };
}
