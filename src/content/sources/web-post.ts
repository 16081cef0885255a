// One item from the web (a feed item, a WordPress post, an export's post) checked and turned into a SourcePost, or
// a problem saying why it was skipped. Feeds, WordPress and the import all go through here, so they agree.
import { createHash } from 'node:crypto';
import { htmlToMarkdown, htmlToText } from '../html.js';
import { isCalendarDate, isWebUrl } from '../parse-post.js';
import type { SourcePost, SourceProblem } from './source.js';

export interface WebItem {
  /** Where the item is, for problems, when it has no usable link: e.g. "https://blog.example/feed item 3". */
  where: string;
  /** The source's id for it (guid, Atom id, WordPress id); the link is used when absent. */
  id?: string;
  /** Plain text (HTML already turned into text). */
  title?: string;
  /** May be relative to the source's address. */
  link?: string;
  /** Given by WordPress; otherwise the last path segment of the link. */
  slug?: string;
  /** As the source writes it: ISO 8601, RFC 822, or WordPress's local "2020-01-02T10:00:00". */
  date?: string;
  /** The full text, HTML. */
  html?: string;
  /** The summary or excerpt, HTML. */
  summaryHtml?: string;
  /** Plain-text content (JSON Feed's content_text), used when there is no HTML. */
  text?: string;
  tags?: string[];
  categories?: string[];
}

export type WebPost =
  | { kind: 'post'; post: SourcePost /** Whether the body is the full text (else the summary). */; fullText: boolean }
  | { kind: 'problem'; problem: SourceProblem };

/** The longest summary kept for /latest; longer excerpts are cut at a word. */
const SUMMARY_CHARS = 300;

/** `base` is the address relative links are resolved against (the feed's or the site's). */
export function webPost(item: WebItem, source: string, base: string): WebPost {
  const title = item.title?.replace(/\s+/g, ' ').trim();
  const link = item.link === undefined ? undefined : resolve(item.link.trim(), base);
  const where = link && isWebUrl(link) ? link : item.where;
  const skip = (reason: string): WebPost => ({
    kind: 'problem',
    problem: { file: where, line: 1, reason, ...((item.id ?? link) && { id: item.id ?? link }) },
  });

  if (!title) return skip('item has no title: skipped');
  if (!link) return skip(`item "${title}" has no link: skipped`);
  if (!isWebUrl(link))
    return skip(`item "${title}" has a link that is not an absolute http(s) address (${truncate(link, 60)}): skipped`);
  const date = webDate(item.date);
  if (!date)
    return skip(
      item.date
        ? `item "${title}" has a date that cannot be read ("${truncate(item.date, 40)}"): skipped`
        : `item "${title}" has no date: skipped`,
    );
  const slug = (item.slug && cleanSlug(item.slug)) || slugFromLink(link) || cleanSlug(title.toLowerCase());
  if (!slug) return skip(`item "${title}" has no name to make a slug of: skipped`);

  const full = item.html?.trim() ? htmlToMarkdown(item.html) : '';
  const summaryBody = item.summaryHtml?.trim() ? htmlToMarkdown(item.summaryHtml) : '';
  const body = full || summaryBody || (item.text?.trim() ?? '');
  if (!body) return skip(`item "${title}" has no text (neither full text nor summary): skipped`);
  const summaryText = item.summaryHtml ? htmlToText(item.summaryHtml) : '';
  const summary =
    summaryText.length > SUMMARY_CHARS
      ? `${summaryText.slice(0, SUMMARY_CHARS - 1).replace(/\s+\S*$/, '')}…`
      : summaryText;
  const tags = unique(item.tags);
  const categories = unique(item.categories);
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([title, date, link, item.html ?? '', item.summaryHtml ?? '', item.text ?? '']))
    .digest('base64url')
    .slice(0, 16);
  return {
    kind: 'post',
    fullText: Boolean(full) || (!summaryBody && Boolean(item.text?.trim())),
    post: {
      slug,
      title,
      date,
      url: link,
      body,
      ...(summary && { summary }),
      ...(tags && { tags }),
      ...(categories && { categories }),
      file: link,
      fingerprint,
      source,
      id: item.id ?? link,
    },
  };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * YYYY-MM-DD from a date as feeds write it: the day as written (ISO 8601 "2020-01-02T23:30:00-05:00" is the 2nd,
 * RFC 822 "Thu, 02 Jan 2020 23:30:00 -0500" too), not the day in UTC; anything else Date can read, in UTC.
 */
export function webDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text)?.[1];
  if (iso) return isCalendarDate(iso) ? iso : undefined;
  const rfc = /(?:^|[\s,])(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4}|\d{2})\b/i.exec(text);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase()) + 1;
    const year = rfc[3]!.length === 2 ? (Number(rfc[3]) >= 70 ? 1900 : 2000) + Number(rfc[3]) : Number(rfc[3]);
    const date = `${year}-${String(month).padStart(2, '0')}-${rfc[1]!.padStart(2, '0')}`;
    return month > 0 && isCalendarDate(date) ? date : undefined;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10);
}

/**
 * The last path segment of a post's address, made a slug: /2020/01/02/hello-world/ → hello-world,
 * /posts/a.html → a.
 */
export function slugFromLink(link: string): string {
  let segments: string[];
  try {
    segments = new URL(link).pathname.split('/').filter(Boolean);
  } catch {
    return '';
  }
  const last = segments.at(-1);
  if (!last) return '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    decoded = last;
  }
  return cleanSlug(decoded.replace(/\.(html?|php|aspx?)$/i, ''));
}

/** Letters, digits, '.', '_' and '-' only (accents dropped, anything else a '-'), starting with a letter or digit. */
export function cleanSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/gi, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 120);
}

/** Hands out slugs in order: the first item keeps a slug, a later one with the same slug is a problem. */
export class SlugClaims {
  private readonly owners = new Map<string, string>();

  /** Undefined when `slug` is free (it is now `where`'s), else a problem for `where`. */
  claim(post: SourcePost): SourceProblem | undefined {
    const owner = this.owners.get(post.slug);
    if (owner !== undefined)
      return { file: post.file, line: 1, reason: `slug "${post.slug}" is already used by ${owner}`, id: post.id };
    this.owners.set(post.slug, post.file);
    return undefined;
  }
}

function resolve(link: string, base: string): string {
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

function unique(words: string[] | undefined): string[] | undefined {
  const kept = [...new Set((words ?? []).map((word) => word.trim()).filter(Boolean))];
  return kept.length > 0 ? kept : undefined;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
