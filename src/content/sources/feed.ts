// A blog's feed as a content source (`feed:URL`): RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed, parsed by feedsmith
// after the XML passed its safety checks. The full text is used where the feed has it (content:encoded, Atom
// content, content_html), else the summary, and the read's notes say which.
import { createHash } from 'node:crypto';
import { parseFeed } from 'feedsmith';
import { htmlToText } from '../html.js';
import { fetchResource, type FetchSettings } from './http.js';
import { webIdentity } from './spec.js';
import {
  failure,
  type ChangeKey,
  type ContentSource,
  type ListResult,
  type ReadOptions,
  type ReadResult,
  type SourceFailure,
  type SourcePost,
  type SourceProblem,
} from './source.js';
import { SlugClaims, webPost, type WebItem } from './web-post.js';
import { xmlProblem } from './xml.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface ParsedFeed {
  ok: true;
  format: FeedFormat;
  items: WebItem[];
}

/** What feeds are asked for by: every feed format first, pages last (a plain page is a mistake said clearly). */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** The field that holds the full text, per format, for the report. */
const FULL_TEXT_FIELD: Record<FeedFormat, string> = {
  rss: 'content:encoded',
  rdf: 'content:encoded',
  atom: 'content',
  json: 'content_html',
};
const FORMAT_NAME: Record<FeedFormat, string> = { rss: 'RSS', rdf: 'RSS 1.0', atom: 'Atom', json: 'JSON Feed' };

/** Parses a feed document (XML or JSON) into items; `feedUrl` names it in sentences and in items' places. */
export function parseFeedDocument(text: string, feedUrl: string): ParsedFeed | SourceFailure {
  const what = `The feed at ${feedUrl}`;
  const start = text.trimStart();
  if (/^(<!doctype html|<html)/i.test(start)) {
    return failure(
      'not-a-feed',
      `${what} is a web page, not a feed (give the page's address without "feed:" to find the feed it names).`,
    );
  }
  let input: unknown = text;
  if (start.startsWith('{')) {
    try {
      input = JSON.parse(start);
    } catch {
      return failure('not-a-feed', `${what} is not valid JSON, so not a JSON Feed.`);
    }
  } else {
    const problem = xmlProblem(text, what);
    if (problem) return problem;
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(input);
  } catch {
    return failure('not-a-feed', `${what} is not a feed: neither RSS, Atom nor JSON Feed.`);
  }
  const where = (n: number) => `${feedUrl} item ${n + 1}`;
  switch (parsed.format) {
    case 'rss':
    case 'rdf':
      return {
        ok: true,
        format: parsed.format,
        items: (parsed.feed.items ?? []).map((item, n) => rssItem(item as RssItem, where(n))),
      };
    case 'atom':
      return {
        ok: true,
        format: 'atom',
        items: (parsed.feed.entries ?? []).map((entry, n) => atomEntry(entry as AtomEntry, where(n))),
      };
    case 'json':
      return {
        ok: true,
        format: 'json',
        items: (parsed.feed.items ?? []).map((item, n) => jsonItem(item as JsonItem, where(n))),
      };
  }
}

interface RssItem {
  title?: string;
  link?: string;
  description?: string;
  guid?: { value?: string };
  pubDate?: string;
  categories?: Array<{ name?: string }>;
  content?: { encoded?: string };
  dc?: { dates?: string[]; subjects?: string[] };
}
interface AtomText {
  value?: string;
  type?: string;
}
interface AtomEntry {
  id?: string;
  title?: AtomText;
  links?: Array<{ href?: string; rel?: string; type?: string }>;
  published?: string;
  updated?: string;
  content?: AtomText & { src?: string };
  summary?: AtomText;
  categories?: Array<{ term?: string; label?: string }>;
}
interface JsonItem {
  id?: string;
  url?: string;
  title?: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  date_published?: string;
  date_modified?: string;
  tags?: string[];
}

/** Titles are text, but feeds often carry entities or a tag in them. */
const titleText = (title: string | undefined) => (title && /[<&]/.test(title) ? htmlToText(title) : title);

function rssItem(item: RssItem, where: string): WebItem {
  return {
    where,
    ...optional('id', item.guid?.value),
    ...optional('title', titleText(item.title)),
    ...optional('link', item.link),
    ...optional('date', item.pubDate ?? item.dc?.dates?.[0]),
    ...optional('html', item.content?.encoded),
    ...optional('summaryHtml', item.description),
    ...optional(
      'categories',
      [...(item.categories ?? []).map((category) => category.name ?? ''), ...(item.dc?.subjects ?? [])].filter(Boolean),
    ),
  };
}

function atomEntry(entry: AtomEntry, where: string): WebItem {
  const link =
    entry.links?.find(
      (candidate) => (candidate.rel ?? 'alternate') === 'alternate' && (!candidate.type || /html/.test(candidate.type)),
    ) ?? entry.links?.find((candidate) => !candidate.rel);
  const text = (value: AtomText | undefined) =>
    value?.type === 'html' || value?.type === 'xhtml' ? htmlToText(value.value ?? '') : value?.value;
  const content = entry.content?.src ? undefined : entry.content;
  const isHtml = (value: AtomText | undefined) => value?.type === 'html' || value?.type === 'xhtml';
  return {
    where,
    ...optional('id', entry.id),
    ...optional('title', text(entry.title)),
    ...optional('link', link?.href),
    ...optional('date', entry.published ?? entry.updated),
    ...optional('html', content && isHtml(content) ? content.value : undefined),
    ...optional('text', content && !isHtml(content) ? content.value : undefined),
    ...optional(
      'summaryHtml',
      entry.summary?.value === undefined
        ? undefined
        : isHtml(entry.summary)
          ? entry.summary.value
          : escapeHtml(entry.summary.value),
    ),
    ...optional(
      'categories',
      (entry.categories ?? []).map((category) => category.label ?? category.term ?? '').filter(Boolean),
    ),
  };
}

function jsonItem(item: JsonItem, where: string): WebItem {
  return {
    where,
    ...optional('id', item.id === undefined ? undefined : String(item.id)),
    ...optional('title', item.title),
    ...optional('link', item.url),
    ...optional('date', item.date_published ?? item.date_modified),
    ...optional('html', item.content_html),
    ...optional('text', item.content_text),
    ...optional('summaryHtml', item.summary === undefined ? undefined : escapeHtml(item.summary)),
    ...optional('tags', item.tags),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return {};
  return { [key]: value } as { [P in K]?: V };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Turns parsed items into posts and problems (slugs claimed in feed order) and says which text the posts came from. */
export function feedPosts(
  feed: ParsedFeed,
  source: string,
  feedUrl: string,
  options: Pick<ReadOptions, 'onPost' | 'onProgress'> = {},
) {
  const posts: SourcePost[] = [];
  const problems: SourceProblem[] = [];
  const claims = new SlugClaims();
  let full = 0;
  let summaries = 0;
  feed.items.forEach((item, n) => {
    const made = webPost(item, source, feedUrl);
    options.onProgress?.(n + 1, feed.items.length);
    if (made.kind === 'problem') return void problems.push(made.problem);
    const taken = claims.claim(made.post);
    if (taken) return void problems.push(taken);
    if (made.fullText) full++;
    else summaries++;
    if (options.onPost) options.onPost(made.post);
    else posts.push(made.post);
  });
  const field = FULL_TEXT_FIELD[feed.format];
  const name = FORMAT_NAME[feed.format];
  const notes =
    full + summaries === 0
      ? [`${feedUrl} (${name}): no posts.`]
      : summaries === 0
        ? [`${feedUrl} (${name}): ${full} posts, read from their full text (${field}).`]
        : full === 0
          ? [
              `${feedUrl} (${name}): ${summaries} posts, from their summaries only: ` +
                `the feed has no full text (${field}), so answers can only quote the summaries.`,
            ]
          : [
              `${feedUrl} (${name}): ${full} posts read from their full text (${field}), ` +
                `${summaries} from their summary only.`,
            ];
  return { posts, problems, notes };
}

/** A key for the items themselves: a feed that only changes its build date is unchanged. */
function itemsKey(feed: ParsedFeed): string {
  return `feed:${createHash('sha256').update(JSON.stringify(feed.items)).digest('base64url')}`;
}

export class FeedSource implements ContentSource {
  readonly kind = 'feed';
  readonly id: string;
  readonly spec: string;
  readonly label: string;

  /** `url` is the feed's address, http(s). */
  constructor(
    readonly url: string,
    private readonly settings: FetchSettings = {},
  ) {
    ({ id: this.id, spec: this.spec, label: this.label } = webIdentity('feed', url));
  }

  async changeKey(since?: ChangeKey): Promise<{ ok: true; key: ChangeKey } | SourceFailure> {
    const fetched = await this.fetch(since);
    if (!fetched.ok) return fetched;
    return { ok: true, key: fetched.key };
  }

  async list(): Promise<ListResult> {
    const fetched = await this.fetch();
    if (!fetched.ok) return fetched;
    if (!fetched.feed) return failure('not-a-feed', `${this.url} gave nothing to list.`);
    return {
      ok: true,
      key: fetched.key,
      posts: fetched.feed.items.map((item) => ({
        id: item.id ?? item.link ?? item.where,
        where: item.link ?? item.where,
        ...(item.title && { title: item.title }),
        ...(item.date && { date: item.date }),
      })),
    };
  }

  async read(options: ReadOptions = {}): Promise<ReadResult> {
    const fetched = await this.fetch(options.since);
    if (!fetched.ok) return fetched;
    if (!fetched.feed || (options.since && fetched.key.key === options.since.key)) {
      return { ok: true, unchanged: true, key: fetched.key, notes: [`${this.url}: unchanged since the last read.`] };
    }
    const { posts, problems, notes } = feedPosts(fetched.feed, this.id, fetched.finalUrl, options);
    return { ok: true, unchanged: false, key: fetched.key, posts, problems, drafts: [], notes };
  }

  /** The feed, parsed, or `feed` undefined when the server said 304 to `since`'s validators. */
  private async fetch(
    since?: ChangeKey,
  ): Promise<{ ok: true; key: ChangeKey; feed?: ParsedFeed; finalUrl: string } | SourceFailure> {
    const answer = await fetchResource(this.url, this.settings, {
      accept: FEED_ACCEPT,
      ...(since?.validators && { validators: since.validators }),
    });
    if (!answer.ok) return answer;
    if (answer.notModified)
      return { ok: true, key: { ...since!, validators: answer.validators }, finalUrl: answer.url };
    const feed = parseFeedDocument(answer.text, this.url);
    if (!feed.ok) return feed;
    return {
      ok: true,
      key: {
        key: itemsKey(feed),
        entries: feed.items.length,
        bytes: answer.body.length,
        validators: answer.validators,
      },
      feed,
      finalUrl: answer.url,
    };
  }
}
