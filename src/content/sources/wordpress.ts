// A WordPress site as a content source (`wordpress:URL`), through its REST API (/wp-json/wp/v2/posts): every page
// of the archive (X-WP-TotalPages, whatever page size the server honours), not only the feed's newest ten.
import { createHash } from 'node:crypto';
import { htmlToText } from '../html.js';
import { fetchResource, type FetchSettings, type FetchedBody } from './http.js';
import { webIdentity } from './spec.js';
import {
  failure,
  type ChangeKey,
  type ContentSource,
  type ListResult,
  type ListedPost,
  type ReadOptions,
  type ReadResult,
  type SourceFailure,
  type SourcePost,
  type SourceProblem,
} from './source.js';
import { SlugClaims, webPost } from './web-post.js';

/** Asked for; a server may honour fewer (WordPress caps it at 100), and X-WP-TotalPages then counts its pages. */
const PER_PAGE = 100;
/** Only what a post needs, to keep each page small. */
const POST_FIELDS = 'id,date,slug,link,title,content,excerpt';
const LIST_FIELDS = 'id,date,link,title';
/** A runaway X-WP-TotalPages is not followed past this (a million posts). */
const MAX_PAGES = 10_000;

interface RestPost {
  id?: number | string;
  date?: string;
  slug?: string;
  link?: string;
  title?: { rendered?: string };
  content?: { rendered?: string; protected?: boolean };
  excerpt?: { rendered?: string };
}

/**
 * The posts endpoint for an address: a site (https://b.example/), its API root (…/wp-json/), or the plain-permalink
 * root (…/?rest_route=/).
 */
export function postsEndpoint(address: string, params: Record<string, string | number>): string {
  const url = new URL(address);
  if (url.searchParams.has('rest_route')) {
    url.searchParams.set('rest_route', '/wp/v2/posts');
  } else {
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    if (!/\/wp-json\/$/.test(url.pathname)) url.pathname += 'wp-json/';
    url.pathname += 'wp/v2/posts';
  }
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return url.href;
}

export class WordPressSource implements ContentSource {
  readonly kind = 'wordpress';
  readonly id: string;
  readonly spec: string;
  readonly label: string;

  /** `url`: the site's address or its REST API root, http(s). */
  constructor(
    readonly url: string,
    private readonly settings: FetchSettings = {},
  ) {
    ({ id: this.id, spec: this.spec, label: this.label } = webIdentity('wordpress', url));
  }

  /** The number of published posts and the latest modification: any new, edited or removed post changes one of them. */
  async changeKey(): Promise<{ ok: true; key: ChangeKey } | SourceFailure> {
    const probe = await this.page({ per_page: 1, orderby: 'modified', order: 'desc', _fields: 'id,modified' });
    if (!probe.ok) return probe;
    const [newest] = probe.posts as Array<{ id?: unknown; modified?: unknown }>;
    const total = probe.answer.headers.get('x-wp-total');
    const key =
      total === null
        ? createHash('sha256').update(probe.answer.body).digest('base64url')
        : `${total}:${String(newest?.id ?? '')}:${String(newest?.modified ?? '')}`;
    return { ok: true, key: { key: `wordpress:${key}`, ...(total !== null && { entries: Number(total) }) } };
  }

  async list(): Promise<ListResult> {
    const key = await this.changeKey();
    if (!key.ok) return key;
    const posts: ListedPost[] = [];
    const walked = await this.walk(LIST_FIELDS, (post) => {
      const title = post.title?.rendered === undefined ? undefined : htmlToText(post.title.rendered);
      posts.push({
        id: String(post.id),
        where: post.link ?? '',
        ...(post.date && { date: post.date }),
        ...(title && { title }),
      });
    });
    if (!walked.ok) return walked;
    return { ok: true, key: key.key, posts };
  }

  async read(options: ReadOptions = {}): Promise<ReadResult> {
    const key = await this.changeKey();
    if (!key.ok) return key;
    if (options.since && options.since.key === key.key.key)
      return { ok: true, unchanged: true, key: key.key, notes: [`${this.url}: unchanged since the last read.`] };
    const posts: SourcePost[] = [];
    const problems: SourceProblem[] = [];
    const claims = new SlugClaims();
    let count = 0;
    const walked = await this.walk(
      POST_FIELDS,
      (post, where) => {
        const id = String(post.id ?? where);
        if (post.content?.protected)
          return void problems.push({
            file: post.link ?? where,
            line: 1,
            reason: 'post is password-protected: skipped',
            id,
          });
        const made = webPost(
          {
            where,
            id,
            ...(post.title?.rendered !== undefined && { title: htmlToText(post.title.rendered) }),
            ...(post.link !== undefined && { link: post.link }),
            ...(post.slug !== undefined && { slug: post.slug }),
            ...(post.date !== undefined && { date: post.date }),
            ...(post.content?.rendered !== undefined && { html: post.content.rendered }),
            ...(post.excerpt?.rendered !== undefined && { summaryHtml: post.excerpt.rendered }),
          },
          this.id,
          this.url,
        );
        if (made.kind === 'problem') return void problems.push(made.problem);
        const taken = claims.claim(made.post);
        if (taken) return void problems.push(taken);
        count++;
        if (options.onPost) options.onPost(made.post);
        else posts.push(made.post);
      },
      options.onProgress,
    );
    if (!walked.ok) return walked;
    const notes = [
      `${this.url} (WordPress): ${count} posts in ` +
        `${walked.pages} page${walked.pages === 1 ? '' : 's'} of the REST API, read from their full text.`,
    ];
    return { ok: true, unchanged: false, key: key.key, posts, problems, drafts: [], notes };
  }

  /**
   * Every page of posts with these fields, each post handed to `each` once (a post moved to the next page while paging
   * is not seen twice).
   */
  private async walk(
    fields: string,
    each: (post: RestPost, where: string) => void,
    onProgress?: ReadOptions['onProgress'],
  ): Promise<{ ok: true; pages: number } | SourceFailure> {
    const seen = new Set<string>();
    let pages = 1;
    let done = 0;
    for (let number = 1; number <= pages; number++) {
      const page = await this.page({
        per_page: PER_PAGE,
        page: number,
        orderby: 'date',
        order: 'desc',
        _fields: fields,
      });
      if (!page.ok) return page;
      if (number === 1)
        pages = Math.min(MAX_PAGES, Math.max(1, Number(page.answer.headers.get('x-wp-totalpages')) || 1));
      const total = Number(page.answer.headers.get('x-wp-total')) || undefined;
      (page.posts as RestPost[]).forEach((post, n) => {
        const id = String(post.id ?? `${number}.${n}`);
        if (seen.has(id)) return;
        seen.add(id);
        each(post, `${page.answer.url} post ${n + 1}`);
        onProgress?.(++done, Math.max(done, total ?? done));
      });
    }
    return { ok: true, pages };
  }

  private async page(
    params: Record<string, string | number>,
  ): Promise<{ ok: true; answer: FetchedBody; posts: unknown[] } | SourceFailure> {
    const address = postsEndpoint(this.url, params);
    const answer = await fetchResource(address, this.settings, { accept: 'application/json' });
    if (!answer.ok) return answer;
    if (answer.notModified)
      return failure('not-a-feed', `${address} answered 304 to a request that was not conditional.`);
    let posts: unknown;
    try {
      posts = JSON.parse(answer.text);
    } catch {
      return failure(
        'not-a-feed',
        `${answer.url} is not a WordPress posts list (not JSON): is ${this.url} a WordPress site with its REST API on?`,
      );
    }
    if (!Array.isArray(posts))
      return failure('not-a-feed', `${answer.url} is not a WordPress posts list (not a JSON list).`);
    return { ok: true, answer, posts };
  }
}
