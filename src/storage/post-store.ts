// How the search reads posts, whichever way they are kept: the one interface between the search and the storage.
// It imports nothing: the search depends on these types, never on how a store keeps the text.

/** A stretch of a post's text made of whole paragraphs, and where it starts in the text. */
export interface TextPiece {
  start: number;
  text: string;
}

/** One post as the search reads it. */
export interface SearchablePost {
  title: string;
  /** Plain text of the body: paragraphs joined by blank lines. */
  text: string;
  /** Where each paragraph starts in `text`, and the heading it sits under. */
  paragraphStarts: ArrayLike<number>;
  headings: readonly string[];
  /** The length of `text`, when known without reading it. */
  textLength?: number;
  /**
   * The paragraphs overlapping text[from, to), read without the rest of the text (a long post kept on disk): the
   * search then reads only what it needs. Without it, the search reads `text`.
   */
  textAround?(from: number, to: number): TextPiece;
}

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
