// The plain store, for a small blog: each post's text kept as one string, read as it is. Start here to see what the
// search needs of posts; snapshot-store.ts does the same job for a blog too big to keep decoded.
import type { PostStore, SearchablePost } from './post-store.js';

/** A post as given to the store: its title, and its paragraphs with the heading each sits under. */
export interface PlainPost {
  title: string;
  paragraphs: ReadonlyArray<{ text: string; heading: string }>;
}

export class MemoryStore implements PostStore {
  readonly posts: readonly SearchablePost[];

  constructor(posts: Iterable<PlainPost>) {
    this.posts = Array.from(posts, searchable);
  }

  /** Every text is in memory already: a question keeps nothing of its own. */
  duringQuestion<T>(answer: () => T): T {
    return answer();
  }
}

/** The paragraphs joined by blank lines, and where each starts in the text. */
function searchable({ title, paragraphs }: PlainPost): SearchablePost {
  const paragraphStarts: number[] = [];
  let at = 0;
  for (const paragraph of paragraphs) {
    paragraphStarts.push(at);
    at += paragraph.text.length + 2;
  }
  const text = paragraphs.map((paragraph) => paragraph.text).join('\n\n');
  return {
    title,
    text,
    textLength: text.length,
    paragraphStarts,
    headings: paragraphs.map((paragraph) => paragraph.heading),
  };
}
