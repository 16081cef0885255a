// How the search tests read an excerpt's highlight ranges: the words they cover, or the text with each one in **…**.
import type { Excerpt } from '../../src/search/excerpt.js';

export function highlightedWords(excerpt: Excerpt): string[] {
  return excerpt.highlights.map((span) => excerpt.text.slice(span.start, span.end));
}

/** The plain text with each highlight wrapped in ** (no escaping: for reading in assertions only). */
export function marked(excerpt: Excerpt): string {
  let out = '';
  let at = 0;
  for (const span of excerpt.highlights) {
    out += `${excerpt.text.slice(at, span.start)}**${excerpt.text.slice(span.start, span.end)}**`;
    at = span.end;
  }
  return out + excerpt.text.slice(at);
}
