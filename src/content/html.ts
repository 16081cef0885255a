// HTML from feeds and WordPress turned into the Markdown the rest of the bot reads (turndown), so a web post gives
// the same paragraphs and headings as a Markdown file; and HTML titles and excerpts turned into plain text
// (htmlparser2). Scripts, styles, frames and other things a reader does not read as text are dropped.
import { Parser } from 'htmlparser2';
import TurndownService from 'turndown';

/** Elements whose content is not text a reader reads in the post. */
const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'noscript',
  'object',
  'embed',
  'template',
  'svg',
  'canvas',
  'form',
  'button',
  'select',
  'textarea',
  'video',
  'audio',
  'head',
  'title',
]);

const turndown = new TurndownService({
  headingStyle: 'atx',
  codeBlockStyle: 'fenced',
  bulletListMarker: '-',
  emDelimiter: '_',
  hr: '---',
});
turndown.remove((node) => DROPPED.has(node.nodeName.toLowerCase()));
// A javascript: (or data:) link keeps its words and loses its address, so it never reaches a Markdown file.
turndown.addRule('unsafe-links', {
  filter: (node) => node.nodeName === 'A' && !isSafeHref(node.getAttribute('href') ?? ''),
  replacement: (content) => content,
});
// No backslash escapes: the bot's paragraphs (toParagraphs, plainInline) keep them, so an excerpt would show `1\.`
// and `a\_b`. The cost is rare: a paragraph of the page that starts with "# " reads as a heading.
turndown.escape = (text: string) => text;

/**
 * Relative addresses and http(s) or mailto ones; browsers ignore blanks and control characters in a scheme
 * ("java\tscript:").
 */
function isSafeHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\s\u0000-\u001f]/g, ''))?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/** Markdown for an HTML fragment (a post's content); '' for empty or whitespace-only HTML. */
export function htmlToMarkdown(html: string): string {
  if (html.trim() === '') return '';
  return turndown.turndown(html).trim();
}

/**
 * The text of an HTML fragment (a title, an excerpt), entities decoded, whitespace collapsed, tags and scripts dropped.
 */
export function htmlToText(html: string): string {
  let text = '';
  let dropping = 0;
  const parser = new Parser(
    {
      onopentag: (name) => {
        if (DROPPED.has(name)) dropping++;
        else if (/^(p|br|div|li|h[1-6]|blockquote|tr)$/.test(name)) text += ' ';
      },
      onclosetag: (name) => {
        if (DROPPED.has(name)) dropping = Math.max(0, dropping - 1);
      },
      ontext: (chunk) => {
        if (dropping === 0) text += chunk;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return text.replace(/\s+/g, ' ').trim();
}
