// The CLI's JSON contract (README, "Console and command line"), built from the data a reply was made from. Tools that
// measure the bot read it: a field is only ever added, and `excerpt` keeps its Markdown byte for byte.
import type { Answer, Excerpt, LatestPost, PostRef } from '../answer.js';
import { excerptMarkdown } from './markdown.js';
import type { Reply } from './reply.js';

export interface ResultJson {
  slug: string;
  title: string;
  url: string;
  link: string;
  date: string;
  score: number;
  confidence: number;
  /**
   * The excerpt as a member sees it in Discord: Markdown, the matched words in `**bold**`, other Markdown
   * backslash-escaped.
   */
  excerpt: string;
  /**
   * The matched words, as half-open ranges [start, end) of the plain excerpt counted in Unicode code points (not
   * UTF-16 units, not bytes), sorted and never overlapping. The plain excerpt is `excerpt` with each backslash escape
   * replaced by the character it escapes and the `**` removed: `excerpt.replace(/\\(.)|[*]{2}/gsu, '$1')`.
   */
  highlights: Array<[number, number]>;
}

/** A post that may help, offered without a confident answer: a smaller card than a result, with its best passage. */
export interface RelatedJson {
  slug: string;
  title: string;
  url: string;
  link: string;
  date: string;
  score: number;
  /** As in ResultJson: Markdown, the matched words in `**bold**`. */
  excerpt: string;
  /** As in ResultJson. */
  highlights: Array<[number, number]>;
}

export interface AnswerJson {
  query: string;
  keywords: string[];
  /** The confident answers, best first. */
  results: ResultJson[];
  /**
   * Without a confident answer: up to three posts that may help ("not sure"), best first; empty when nothing is
   * relevant.
   */
  related: RelatedJson[];
  took_ms: number;
}

export interface LatestJson {
  posts: PostRef[];
}

/** The JSON of what a reply was built from; undefined for a reply built from no data (an error). */
export function replyJson(reply: Reply): AnswerJson | LatestJson | undefined {
  if (reply.source?.kind === 'answer') return answerJson(reply.source.answer);
  if (reply.source?.kind === 'latest') return latestJson(reply.source.posts);
  return undefined;
}

export function answerJson(answer: Answer): AnswerJson {
  return {
    query: answer.query,
    keywords: answer.keywords,
    results: answer.results.map((r) => ({
      slug: r.slug,
      title: r.title,
      url: r.url,
      link: r.link,
      date: r.date,
      score: r.score,
      confidence: r.confidence,
      excerpt: excerptMarkdown(r.excerpt),
      highlights: highlightsOf(r.excerpt),
    })),
    related: answer.related.map((r) => ({
      slug: r.slug,
      title: r.title,
      url: r.url,
      link: r.link,
      date: r.date,
      score: r.score,
      excerpt: excerptMarkdown(r.excerpt),
      highlights: highlightsOf(r.excerpt),
    })),
    took_ms: Math.round(answer.tookMs * 1000) / 1000,
  };
}

export function latestJson(posts: readonly LatestPost[]): LatestJson {
  return { posts: posts.map(({ slug, title, url, date }) => ({ slug, title, url, date })) };
}

/** The excerpt's highlights as code point ranges (see ResultJson.highlights). */
function highlightsOf(excerpt: Excerpt): Array<[number, number]> {
  return excerpt.highlights.map((span): [number, number] => [
    codePoints(excerpt.text, span.start),
    codePoints(excerpt.text, span.end),
  ]);
}

/** How many code points text[0, index) holds (a lone surrogate counts as one). */
function codePoints(text: string, index: number): number {
  let count = 0;
  for (let i = 0; i < index; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < index && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    count++;
  }
  return count;
}
