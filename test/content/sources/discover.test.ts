// A plain address leads to the blog's content: WordPress by its API link (header or page), else the feed the page
// names.
import { describe, expect, it } from 'vitest';
import { discover, SiteSource } from '../../../src/content/sources/discover.js';
import type { ReadResult, SourceRead } from '../../../src/content/sources/source.js';
import { entryOf, essays, rssFeed, wordpressPost, wordpressRoute } from './feeds.js';
import { webServer } from './web-server.js';

function readOf(result: ReadResult): SourceRead {
  if (!result.ok || result.unchanged) throw new Error(`expected posts, got ${JSON.stringify(result)}`);
  return result;
}

const page = (head: string) =>
  `<!DOCTYPE html><html><head><title>Blog</title>${head}</head><body><p>Welcome</p></body></html>`;
const html = (body: string, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body,
});

describe('discover', () => {
  it('recognises WordPress by its Link header and prefers the REST API to the feed', async () => {
    const server = await webServer({});
    server.routes['/'] = html(page('<link rel="alternate" type="application/rss+xml" href="/feed/">'), {
      link: `<${server.origin}/wp-json/>; rel="https://api.w.org/"`,
    });
    expect(await discover(`${server.origin}/`)).toMatchObject({
      ok: true,
      kind: 'wordpress',
      url: `${server.origin}/wp-json/`,
    });
  });

  it('recognises WordPress by the <link rel="https://api.w.org/"> in the page', async () => {
    const server = await webServer({
      '/blog/': html(
        page(
          '<link rel="alternate" type="application/rss+xml" title="Feed" href="/blog/feed/"><link ' +
            'rel="https://api.w.org/" href="/blog/?rest_route=/">',
        ),
      ),
    });
    expect(await discover(`${server.origin}/blog/`)).toMatchObject({
      ok: true,
      kind: 'wordpress',
      url: `${server.origin}/blog/?rest_route=/`,
    });
  });

  it('otherwise takes the feed the page names, not its comments feed, resolved against the page', async () => {
    const server = await webServer({
      '/': html(
        page(
          '<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/"><link ' +
            'rel="alternate" type="application/atom+xml" title="Posts" href="atom.xml"><link rel="stylesheet" ' +
            'href="/s.css">',
        ),
      ),
    });
    expect(await discover(`${server.origin}/`)).toMatchObject({
      ok: true,
      kind: 'feed',
      url: `${server.origin}/atom.xml`,
    });
  });

  it('takes a JSON Feed named with application/feed+json', async () => {
    const server = await webServer({
      '/': html(page('<link rel="alternate" type="application/feed+json" href="https://cdn.example/feed.json">')),
    });
    expect(await discover(`${server.origin}/`)).toMatchObject({ kind: 'feed', url: 'https://cdn.example/feed.json' });
  });

  it('accepts an address that is itself a feed', async () => {
    const server = await webServer({
      '/rss': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed([]) },
    });
    expect(await discover(`${server.origin}/rss`)).toMatchObject({ kind: 'feed', url: `${server.origin}/rss` });
  });

  it('says "no feed found" for a page that names none', async () => {
    const server = await webServer({ '/': html(page('<link rel="icon" href="/favicon.ico">')) });
    expect(await discover(`${server.origin}/`)).toEqual({
      ok: false,
      cause: 'no-feed-found',
      reason:
        `No feed found at ${server.origin}/: the page names no feed ` +
        `(<link rel="alternate" type="application/rss+xml">) and no WordPress API.`,
    });
  });

  it('passes a fetch failure on', async () => {
    const server = await webServer({});
    expect(await discover(`${server.origin}/`)).toMatchObject({ ok: false, cause: 'http-status' });
  });
});

describe('SiteSource', () => {
  it('reads a home page that names only its feed, posts keyed under the address given', async () => {
    const posts = await essays();
    const server = await webServer({
      '/': html(page('<link rel="alternate" type="application/rss+xml" href="/feed/">')),
      '/feed/': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(posts.map(entryOf)) },
    });
    const source = new SiteSource(`${server.origin}/`);
    const read = readOf(await source.read());
    expect(read.posts).toHaveLength(10);
    expect(read.posts.every((post) => post.source === `site:${server.origin}/`)).toBe(true);
    expect(read.notes[0]).toBe(`${server.origin}/: reading the feed the page names, ${server.origin}/feed/.`);
    expect(source.discovered?.spec).toBe(`feed:${server.origin}/feed/`);
  });

  it('reads a WordPress site through its API, and discovers once', async () => {
    const posts = await essays();
    const server = await webServer({
      '/wp-json/wp/v2/posts': wordpressRoute(posts.map((post, i) => wordpressPost(post, i + 1))),
    });
    server.routes['/'] = html(page(''), { link: `<${server.origin}/wp-json/>; rel="https://api.w.org/"` });
    const source = new SiteSource(server.origin);
    const handed: string[] = [];
    const read = readOf(await source.read({ onPost: (post) => handed.push(post.source) }));
    expect(read.posts).toEqual([]);
    expect(handed).toEqual(new Array(10).fill(`site:${server.origin}`));
    expect(read.notes[0]).toContain('a WordPress site; its REST API');
    await source.read({ since: read.key });
    expect(server.requests.filter((request) => request.path === '/')).toHaveLength(1);
  });
});
