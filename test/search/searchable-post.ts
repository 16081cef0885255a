// Posts as the search reads them. With `inPieces`, a post hands out only the paragraphs asked for, as the library
// does for a long post kept on disk: the search must then find what it would find reading the whole text.
import type { SearchablePost, TextPiece } from '../../src/storage/post-store.js';

export function searchablePost(
  title: string,
  paragraphs: readonly string[],
  options: { headings?: readonly string[]; inPieces?: boolean } = {},
): SearchablePost {
  const paragraphStarts: number[] = [];
  let at = 0;
  for (const paragraph of paragraphs) {
    paragraphStarts.push(at);
    at += paragraph.length + 2;
  }
  const text = paragraphs.join('\n\n');
  const post: SearchablePost = { title, text, paragraphStarts, headings: options.headings ?? paragraphs.map(() => '') };
  if (!options.inPieces) return post;
  return {
    ...post,
    textLength: text.length,
    textAround(from: number, to: number): TextPiece {
      let first = 0;
      while (first + 1 < paragraphStarts.length && paragraphStarts[first + 1]! <= from) first++;
      let end = first + 1;
      while (end < paragraphStarts.length && paragraphStarts[end]! < to) end++;
      const start = paragraphStarts[first] ?? 0;
      return { start, text: text.slice(start, end < paragraphStarts.length ? paragraphStarts[end] : text.length) };
    },
  };
}
