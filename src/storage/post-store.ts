// How the search reads posts, whichever way they are kept: the one interface between the search and the storage.
// It imports nothing, and it is the only module of src/storage that the search imports.

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

/**
 * The posts of one catalog as the search reads them. A small blog is served by a MemoryStore (memory-store.ts: every
 * text kept as a string), a big one by a SnapshotStore (snapshot-store.ts: text kept as UTF-8 in shared memory or in
 * the snapshot file, decoded a few paragraphs at a time). open-store.ts chooses between them.
 */
export interface PostStore {
  /** The posts, numbered as the index built with them numbers them. */
  readonly posts: readonly SearchablePost[];
  /**
   * Runs one question's search: what it reads of the posts may be kept until `answer` returns (a passage reads again
   * the paragraphs the ranking read), and no longer.
   */
  duringQuestion<T>(answer: () => T): T;
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

/** A post's paragraphs with the heading each sits under, as the store was given them. */
export function paragraphsOf(post: SearchablePost): Array<{ text: string; heading: string }> {
  const { text, paragraphStarts: starts, headings } = post;
  const paragraphs: Array<{ text: string; heading: string }> = [];
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1]! - 2 : text.length;
    paragraphs.push({ text: text.slice(starts[k]!, end), heading: headings[k] ?? '' });
  }
  return paragraphs;
}
