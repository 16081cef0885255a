// "Paste your blog's address": finds the source behind a plain http(s) address. WordPress is recognised by its API
// link (a `Link: <…/wp-json/>; rel="https://api.w.org/"` header or the same <link> in the page) and preferred to its
// feed, which holds only the newest posts; otherwise the feed the page names (<link rel="alternate" type=…>) is used,
// or the address itself when it already is a feed.
import { Parser } from 'htmlparser2';
import { FEED_ACCEPT, FeedSource, parseFeedDocument } from './feed.js';
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
} from './source.js';
import { WordPressSource } from './wordpress.js';

const WORDPRESS_API = 'https://api.w.org/';
const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json'];

export interface Discovery {
  ok: true;
  kind: 'wordpress' | 'feed';
  /** The WordPress API root, or the feed's address. */
  url: string;
  /** One line for the report: what was found, and where. */
  note: string;
}

export async function discover(address: string, settings: FetchSettings = {}): Promise<Discovery | SourceFailure> {
  const page = await fetchResource(address, settings, { accept: `text/html;q=0.9, ${FEED_ACCEPT}` });
  if (!page.ok) return page;
  if (page.notModified)
    return failure('no-feed-found', `${address} answered 304 to a request that was not conditional.`);

  const fromHeader = linkHeaderApi(page.headers.get('link'), page.url);
  const links = pageLinks(page.text, page.url);
  const api = fromHeader ?? links.api;
  if (api)
    return {
      ok: true,
      kind: 'wordpress',
      url: api,
      note:
        `${address}: a WordPress site; ` +
        `its REST API (${api}) is read rather than its feed, which holds only the newest posts.`,
    };

  const contentType = page.headers.get('content-type') ?? '';
  if (!/html/i.test(contentType) && parseFeedDocument(page.text, page.url).ok) {
    return { ok: true, kind: 'feed', url: page.url, note: `${address}: the address is itself a feed.` };
  }
  const feed = links.feeds.find((candidate) => !/comment/i.test(candidate.title)) ?? links.feeds[0];
  if (feed)
    return {
      ok: true,
      kind: 'feed',
      url: feed.href,
      note: `${address}: reading the feed the page names, ${feed.href}.`,
    };
  return failure(
    'no-feed-found',
    `No feed found at ${address}: the page names no feed ` +
      `(<link rel="alternate" type="application/rss+xml">) and no WordPress API.`,
  );
}

/** The WordPress API root from a Link header (`<https://b.example/wp-json/>; rel="https://api.w.org/", …`). */
function linkHeaderApi(header: string | null, base: string): string | undefined {
  for (const match of (header ?? '').matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '')?.[1] ?? '';
    if (rel.split(/\s+/).includes(WORDPRESS_API)) return absolute(match[1]!, base);
  }
  return undefined;
}

/** The page's <link> elements that matter: the WordPress API root and the feeds, in page order. */
function pageLinks(html: string, base: string): { api?: string; feeds: Array<{ href: string; title: string }> } {
  const found: { api?: string; feeds: Array<{ href: string; title: string }> } = { feeds: [] };
  let baseHref = base;
  const parser = new Parser({
    onopentag: (name, attributes) => {
      if (name === 'base' && attributes.href) baseHref = absolute(attributes.href, base) ?? base;
      if (name !== 'link' || !attributes.href) return;
      const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
      const href = absolute(attributes.href, baseHref);
      if (!href) return;
      if (rel.includes(WORDPRESS_API)) found.api ??= href;
      else if (
        rel.includes('alternate') &&
        FEED_TYPES.includes((attributes.type ?? '').toLowerCase().split(';')[0]!.trim())
      )
        found.feeds.push({ href, title: attributes.title ?? '' });
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

function absolute(href: string, base: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A plain address as a source: discovers what is behind it on first use (again after a failed discovery), then
 * reads that. Its posts carry this source's id, so they keep their last good versions whatever was found.
 */
export class SiteSource implements ContentSource {
  readonly kind = 'site';
  readonly id: string;
  readonly spec: string;
  readonly label: string;
  private found: { source: ContentSource; note: string } | undefined;

  constructor(
    readonly url: string,
    private readonly settings: FetchSettings = {},
  ) {
    ({ id: this.id, spec: this.spec, label: this.label } = webIdentity('site', url));
  }

  /** What discovery found (undefined before the first successful use): its spec can be given instead of the address. */
  get discovered(): ContentSource | undefined {
    return this.found?.source;
  }

  async changeKey(since?: ChangeKey): Promise<{ ok: true; key: ChangeKey } | SourceFailure> {
    const target = await this.target();
    return target.ok ? target.source.changeKey(since) : target;
  }

  async list(): Promise<ListResult> {
    const target = await this.target();
    return target.ok ? target.source.list() : target;
  }

  async read(options: ReadOptions = {}): Promise<ReadResult> {
    const target = await this.target();
    if (!target.ok) return target;
    const ours = <T extends { source: string }>(post: T): T => ({ ...post, source: this.id });
    const result = await target.source.read({
      ...options,
      ...(options.onPost && { onPost: (post) => options.onPost!(ours(post)) }),
    });
    if (!result.ok) return result;
    if (result.unchanged) return { ...result, notes: [target.note, ...result.notes] };
    return { ...result, posts: result.posts.map(ours), notes: [target.note, ...result.notes] };
  }

  private async target(): Promise<{ ok: true; source: ContentSource; note: string } | SourceFailure> {
    if (!this.found) {
      const found = await discover(this.url, this.settings);
      if (!found.ok) return found;
      const source =
        found.kind === 'wordpress'
          ? new WordPressSource(found.url, this.settings)
          : new FeedSource(found.url, this.settings);
      this.found = { source, note: found.note };
    }
    return { ok: true, ...this.found };
  }
}
