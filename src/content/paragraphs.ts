// Splits a Markdown body into plain-text paragraphs, each with the heading it sits under, for search and excerpts.

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
      block.push(line);
      continue;
    }
    const headingMatch = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (headingMatch) {
      flush();
      heading = plainInline(headingMatch[1] ?? '');
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

/** Removes inline Markdown (links, images, emphasis, code, HTML) and keeps the words a reader sees. */
export function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]+>/g, '')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])([*_])(?=\S)(.+?)(?<=\S)\2(?=$|[^\w*])/g, '$1$3')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
