// WordPress through its REST API, against a local server: the whole archive across pages, the same paragraphs as
// the Markdown files, a cheap change key, and failures as sentences.
import { describe, expect, it } from 'vitest';
import { toParagraphs } from '../../../src/content/paragraphs.js';
import type { ReadResult, SourceRead } from '../../../src/content/sources/source.js';
import { postsEndpoint, WordPressSource } from '../../../src/content/sources/wordpress.js';
import { essays, wordpressPost, wordpressRoute } from './feeds.js';
import { webServer } from './web-server.js';

function readOf(result: ReadResult): SourceRead {
  if (!result.ok || result.unchanged) throw new Error(`expected posts, got ${JSON.stringify(result)}`);
  return result;
}

describe('WordPressSource', () => {
  it('reads every page when the server honours 4 posts a page (3 pages for the ten essays)', async () => {
    const posts = await essays();
    const server = await webServer({
      '/wp-json/wp/v2/posts': wordpressRoute(
        posts.map((post, i) => wordpressPost(post, 100 + i)),
        { maxPerPage: 4 },
      ),
    });
    const progress: number[] = [];
    const read = readOf(
      await new WordPressSource(`${server.origin}/`).read({ onProgress: (done) => progress.push(done) }),
    );
    const pages = server.requests
      .map((request) => new URL(request.path, server.origin).searchParams)
      .filter((query) => query.has('page'));
    expect(pages.map((query) => query.get('page'))).toEqual(['1', '2', '3']);
    expect(
      pages.every(
        (query) =>
          query.get('per_page') === '100' && query.get('_fields') === 'id,date,slug,link,title,content,excerpt',
      ),
    ).toBe(true);
    expect(read.posts).toHaveLength(10);
    expect(read.problems).toEqual([]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(read.notes).toEqual([
      `${server.origin}/ (WordPress): 10 posts in 3 pages of the REST API, read from their full text.`,
    ]);
    const bySlug = new Map(read.posts.map((post) => [post.slug, post]));
    for (const essay of posts) {
      const post = bySlug.get(essay.slug)!;
      expect({ title: post.title, date: post.date, url: post.url }).toEqual({
        title: essay.title,
        date: essay.date,
        url: essay.url,
      });
      expect(toParagraphs(post.body)).toEqual(toParagraphs(essay.body));
    }
    expect(bySlug.get('going-back-to-my-our-roots')).toMatchObject({
      id: '105',
      source: `wordpress:${server.origin}/`,
      summary: `${posts[5]!.title} […]`,
    });
  });

  it('decodes HTML entities in titles', async () => {
    const [essay] = await essays();
    const server = await webServer({
      '/wp-json/wp/v2/posts': wordpressRoute([
        { ...wordpressPost(essay!, 1), title: { rendered: 'Rock &amp; roll &#8217;n&#8217; <em>more</em>' } },
      ]),
    });
    expect(readOf(await new WordPressSource(server.origin).read()).posts[0]!.title).toBe('Rock & roll ’n’ more');
  });

  it('is unchanged while the post count and newest modification stay; reads again when a post is edited', async () => {
    const posts = (await essays()).map((post, i) => wordpressPost(post, i + 1));
    const server = await webServer({ '/wp-json/wp/v2/posts': wordpressRoute(posts) });
    const source = new WordPressSource(`${server.origin}/wp-json/`);
    const first = readOf(await source.read());
    const before = server.requests.length;
    expect(await source.read({ since: first.key })).toMatchObject({ ok: true, unchanged: true });
    expect(server.requests.length - before).toBe(1);
    expect(server.requests.at(-1)!.path).toContain('orderby=modified');
    posts[3]!.modified = '2030-01-01T00:00:00';
    posts[3]!.title.rendered = 'Edited';
    const again = readOf(await source.read({ since: first.key }));
    expect(again.posts.map((post) => post.title)).toContain('Edited');
  });

  it('skips a password-protected post with a reason', async () => {
    const [essay] = await essays();
    const locked = { ...wordpressPost(essay!, 7), content: { rendered: '', protected: true } };
    const server = await webServer({ '/wp-json/wp/v2/posts': wordpressRoute([locked]) });
    const read = readOf(await new WordPressSource(server.origin).read());
    expect(read.problems).toEqual([
      { file: essay!.url, line: 1, reason: 'post is password-protected: skipped', id: '7' },
    ]);
  });

  it('says so when the address is no WordPress site', async () => {
    const server = await webServer({
      '/wp-json/wp/v2/posts': { headers: { 'content-type': 'text/html' }, body: '<html>hello</html>' },
    });
    const result = await new WordPressSource(server.origin).read();
    expect(result).toMatchObject({ ok: false, cause: 'not-a-feed' });
    expect(!result.ok && result.reason).toContain('is not a WordPress posts list (not JSON)');
    const missing = await webServer({});
    expect(await new WordPressSource(missing.origin).read()).toMatchObject({
      ok: false,
      cause: 'http-status',
      reason: expect.stringContaining('answered HTTP 404 (Not Found).'),
    });
  });

  it('list() gives ids, links, dates and titles without the content', async () => {
    const [essay] = await essays();
    const server = await webServer({ '/wp-json/wp/v2/posts': wordpressRoute([wordpressPost(essay!, 9)]) });
    const listed = await new WordPressSource(server.origin).list();
    expect(listed).toMatchObject({
      ok: true,
      posts: [{ id: '9', where: essay!.url, date: `${essay!.date}T09:30:00`, title: essay!.title }],
    });
    expect(server.requests.at(-1)!.path).toContain('_fields=id%2Cdate%2Clink%2Ctitle');
  });
});

describe('postsEndpoint', () => {
  it.each([
    ['https://b.example', 'https://b.example/wp-json/wp/v2/posts?per_page=1'],
    ['https://b.example/blog/', 'https://b.example/blog/wp-json/wp/v2/posts?per_page=1'],
    ['https://b.example/wp-json/', 'https://b.example/wp-json/wp/v2/posts?per_page=1'],
    ['https://b.example/wp-json', 'https://b.example/wp-json/wp/v2/posts?per_page=1'],
    ['https://b.example/?rest_route=/', 'https://b.example/?rest_route=%2Fwp%2Fv2%2Fposts&per_page=1'],
  ])('%s', (address, endpoint) => {
    expect(postsEndpoint(address, { per_page: 1 })).toBe(endpoint);
  });
});
