// Reads a post's text a stretch at a time: a post kept on disk decodes only the paragraphs a question looks at.
import type { SearchablePost, TextPiece } from './types.js';

export function textLengthOf(post: SearchablePost): number {
  return post.textLength ?? post.text.length;
}

/** At least text[from, to), in whole paragraphs. */
export function textAround(post: SearchablePost, from: number, to: number): TextPiece {
  return post.textAround ? post.textAround(from, to) : { start: 0, text: post.text };
}

/** Exactly text[from, to). */
export function textSlice(post: SearchablePost, from: number, to: number): string {
  const piece = textAround(post, from, to);
  return piece.text.slice(from - piece.start, to - piece.start);
}
