// What the core answers: the posts found for a question, each with its excerpt as plain text and the matched words
// as ranges; without a confident answer, posts that may help, each with its passage; and the newest posts. No
// Markdown and no front door here: src/replies builds replies from these and renders them for Discord, text and JSON.
import type { Excerpt } from './search/excerpt.js';

export type { Excerpt };

export interface PostRef {
  slug: string;
  title: string;
  url: string;
  date: string;
}

export interface AnswerResult {
  slug: string;
  title: string;
  url: string;
  /** The post's address, pointing at the excerpt itself where the blog's pages allow it. */
  link: string;
  date: string;
  score: number;
  confidence: number;
  /** The passages shown, in plain text ("…" where cut), with the matched words as highlight ranges. */
  excerpt: Excerpt;
}

export interface Answer {
  /** The question as it was read (control characters made spaces, at most 500 characters). */
  query: string;
  keywords: string[];
  /** The confident answers, best first. */
  results: AnswerResult[];
  /**
   * Without a confident answer, up to three posts that may help, best first, each with its best passage: offered as
   * "not sure", never as answers. Empty when there are results, and when nothing in the blog is relevant.
   */
  related: AnswerResult[];
  tookMs: number;
}

export interface LatestPost extends PostRef {
  summary: string;
}

/** One post as /post shows it: its summary and the start of its text. */
export interface PostDetail extends LatestPost {
  /** The post's first paragraphs, in plain text, cut with "…" when long. */
  passage: string;
}
