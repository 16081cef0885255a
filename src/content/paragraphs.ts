// Splits a Markdown body into plain-text paragraphs, each with the heading it sits under, for search and excerpts.
// Code stays marked as code: an inline code span keeps its backticks, and each line of a fenced block becomes one, so
// a tech blog's `kubectl apply` still reads as code in Discord (the renderers show the marks as code, or drop them in
// plain text). Backticks are not word characters: the search reads the same words either way.

export interface Paragraph {
  text: string;
  /** The nearest heading above the paragraph, '' before the first one. */
  heading: string;
}

export function toParagraphs(markdown: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let heading = '';
  let inFence = false;
  let block: string[] = [];
  const flush = () => {
    const text = block.join('\n').trim();
    if (text) paragraphs.push({ text, heading });
    block = [];
  };
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      block.push(line.trim() === '' ? line : codeSpan(line));
      continue;
    }
    const headingMatch = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (headingMatch) {
      flush();
      heading = plainInline(headingMatch[1] ?? '', { keepCode: false });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    block.push(plainLine(line));
  }
  flush();
  return paragraphs;
}

function plainLine(line: string): string {
  const bullet = /^\s*[-*+•]\s+(.*)$/.exec(line);
  const quote = /^\s*>\s?(.*)$/.exec(line);
  const content = bullet ? `• ${bullet[1]}` : quote ? (quote[1] ?? '') : line.trim();
  return plainInline(content);
}

/** A run of code as the paragraphs keep it: in single backticks, with any backtick inside made a look-alike. */
export function codeSpan(code: string): string {
  return `\`${code.replace(/`/g, 'ˋ')}\``;
}

/** Inline code spans (one or two backticks), left untouched by the other inline rules. */
const CODE_SPAN = /(``?)(?!`)(.+?)(?<!`)\1(?!`)/g;

/**
 * Removes inline Markdown (links, images, emphasis, HTML) and keeps the words a reader sees. Code spans keep their
 * backticks (`keepCode`, the default) or lose them (a heading).
 */
export function plainInline(text: string, options: { keepCode?: boolean } = {}): string {
  const spans: string[] = [];
  // Code is set aside first: a `<div>` or `*args` inside it is code, not HTML or emphasis.
  const held = text.replace(CODE_SPAN, (_whole, _ticks: string, code: string) => {
    spans.push(code.trim());
    return `\u0000${spans.length - 1}\u0000`;
  });
  return plainProse(held).replace(/\u0000(\d+)\u0000/g, (_whole, i: string) => {
    const code = spans[Number(i)] ?? '';
    return options.keepCode === false || code === '' ? code : codeSpan(code);
  });
}

function plainProse(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]+>/g, '')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])([*_])(?=\S)(.+?)(?<=\S)\2(?=$|[^\w*])/g, '$1$3')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
