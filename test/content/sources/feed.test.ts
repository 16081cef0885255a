// Feeds as content sources, against local servers: the ten essays as RSS, Atom and JSON Feed give the same posts
// and paragraphs as their Markdown files; broken, hostile and odd feeds are refused whole or item by item.
import { describe, expect, it } from 'vitest';
import { toParagraphs } from '../../../src/content/paragraphs.js';
import { FeedSource, parseFeedDocument } from '../../../src/content/sources/feed.js';
import type { ReadResult, SourceRead } from '../../../src/content/sources/source.js';
import { atomFeed, entryOf, essays, jsonFeed, rssFeed, type FeedEntry } from './feeds.js';
import { webServer } from './web-server.js';

function readOf(result: ReadResult): SourceRead {
  if (!result.ok || result.unchanged) throw new Error(`expected posts, got ${JSON.stringify(result)}`);
  return result;
}

async function served(path: string, body: string, type: string) {
  const server = await webServer({ [path]: { headers: { 'content-type': type }, body } });
  return { server, url: `${server.origin}${path}` };
}

describe('the ten essays as a feed', () => {
  it.each([
    ['RSS 2.0 with content:encoded', '/feed/', rssFeed, 'application/rss+xml', 'RSS', 'content:encoded'],
    ['Atom', '/atom.xml', atomFeed, 'application/atom+xml', 'Atom', 'content'],
    ['JSON Feed', '/feed.json', jsonFeed, 'application/feed+json', 'JSON Feed', 'content_html'],
  ])(
    '%s gives the same posts, paragraphs and headings as the Markdown files',
    async (_name, path, make, type, format, field) => {
      const posts = await essays();
      const { url } = await served(path, make(posts.map(entryOf)), type);
      const read = readOf(await new FeedSource(url).read());
      expect(read.problems).toEqual([]);
      expect(read.posts.map(({ slug, title, date, url: link }) => ({ slug, title, date, url: link }))).toEqual(
        posts.map(({ slug, title, date, url: link }) => ({ slug: slugOf(link, slug), title, date, url: link })),
      );
      for (const [i, post] of read.posts.entries())
        expect(toParagraphs(post.body)).toEqual(toParagraphs(posts[i]!.body));
      expect(read.notes).toEqual([`${url} (${format}): 10 posts, read from their full text (${field}).`]);
      expect(read.posts[0]).toMatchObject({ source: `feed:${url}`, id: posts[0]!.url, file: posts[0]!.url });
    },
  );

  it('uses the summaries when the feed has no full text, and says so', async () => {
    const posts = await essays();
    const { url } = await served('/feed/', rssFeed(posts.map(entryOf), { fullText: false }), 'application/rss+xml');
    const read = readOf(await new FeedSource(url).read());
    expect(read.posts).toHaveLength(10);
    expect(read.posts[0]!.body).toBe(`${posts[0]!.title}.`);
    expect(read.notes).toEqual([
      `${url} (RSS): 10 posts, from their summaries only: ` +
        `the feed has no full text (content:encoded), so answers can only quote the summaries.`,
    ]);
  });
});

// A feed's slugs are the last segment of each link; links without one (the essays' search pages) get the title's.
function slugOf(link: string, fileSlug: string): string {
  const last = new URL(link).pathname.split('/').filter(Boolean).at(-1);
  return last ?? fileSlug;
}

const one = (overrides: Partial<FeedEntry> = {}): FeedEntry => ({
  title: 'Compost heaps',
  link: 'https://blog.example/2020/01/02/compost-heaps/',
  date: '2020-01-02',
  html: '<p>A heap needs air.</p>',
  summary: 'About heaps.',
  id: 'https://blog.example/?p=1',
  ...overrides,
});

describe('items one by one', () => {
  it('skips an item with no title, no link or a javascript: link, with a reason, and keeps the rest', async () => {
    const xml = rssFeed([
      one(),
      one({ title: undefined, id: 'a' }),
      one({ link: undefined, title: 'Linkless', id: 'b' }),
      one({ link: 'javascript:alert(1)', title: 'Sneaky', id: 'c' }),
      one({ link: 'https://blog.example/second/', id: 'd' }),
    ]);
    const { url } = await served('/feed', xml, 'application/rss+xml');
    const read = readOf(await new FeedSource(url).read());
    expect(read.posts.map((post) => post.slug)).toEqual(['compost-heaps', 'second']);
    expect(read.problems).toEqual([
      {
        file: 'https://blog.example/2020/01/02/compost-heaps/',
        line: 1,
        reason: 'item has no title: skipped',
        id: 'a',
      },
      { file: `${url} item 3`, line: 1, reason: 'item "Linkless" has no link: skipped', id: 'b' },
      {
        file: `${url} item 4`,
        line: 1,
        reason: 'item "Sneaky" has a link that is not an absolute http(s) address (javascript:alert(1)): skipped',
        id: 'c',
      },
    ]);
  });

  it('reports a second item claiming the same slug', async () => {
    const { url } = await served(
      '/feed',
      rssFeed([one({ id: '1' }), one({ id: '2', link: 'https://blog.example/2021/compost-heaps/' })]),
      'application/rss+xml',
    );
    const read = readOf(await new FeedSource(url).read());
    expect(read.posts).toHaveLength(1);
    expect(read.problems).toEqual([
      {
        file: 'https://blog.example/2021/compost-heaps/',
        line: 1,
        reason: 'slug "compost-heaps" is already used by https://blog.example/2020/01/02/compost-heaps/',
        id: '2',
      },
    ]);
  });

  it('drops scripts, styles and iframes, and keeps headings', async () => {
    const html =
      '<p>Before.</p><script>steal()</script><style>p { color: red }</style><iframe ' +
      'src="https://ads.example/"><p>frame text</p></iframe><h2>Turning</h2><p>Weekly.</p>';
    const { url } = await served('/feed', rssFeed([one({ html })]), 'application/rss+xml');
    const [post] = readOf(await new FeedSource(url).read()).posts;
    expect(toParagraphs(post!.body)).toEqual([
      { text: 'Before.', heading: '' },
      { text: 'Weekly.', heading: 'Turning' },
    ]);
  });

  it('keeps tags and categories, resolves relative links, and reads titles with entities', () => {
    const xml = rssFeed([
      one({ title: 'Rock &amp; roll', link: '/2020/01/02/rock/', categories: ['Music', 'Music', 'Live'] }),
    ]);
    const feed = parseFeedDocument(xml, 'https://blog.example/feed/');
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.items[0]).toMatchObject({
      title: 'Rock & roll',
      link: '/2020/01/02/rock/',
      categories: ['Music', 'Music', 'Live'],
    });
  });
});

describe('fetching a feed, and a feed refused whole (nothing of it used)', () => {
  it.each([
    [
      'truncated XML',
      rssFeed([one()]).slice(0, -40),
      'malformed',
      /^The feed at \S+ is not well-formed XML \(line \d+: .*\): nothing of it was used\.$/,
    ],
    [
      'an entity-expansion bomb',
      `<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n` +
        `<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n` +
        `<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n` +
        `${rssFeed([one({ title: '&c;' })]).replace(/^<\?xml[^>]*>\n/, '')}`,
      'entity',
      /declares XML entities in a DOCTYPE: refused, and never expanded/,
    ],
    [
      'an HTML page',
      '<!DOCTYPE html><html><head><title>Blog</title></head><body>Hi</body></html>',
      'not-a-feed',
      /is a web page, not a feed/,
    ],
    [
      'XML that is no feed',
      '<?xml version="1.0"?><urlset><url><loc>https://b.example/</loc></url></urlset>',
      'not-a-feed',
      /is not a feed: neither RSS, Atom nor JSON Feed\.$/,
    ],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", "items": [', 'not-a-feed', /is not valid JSON/],
  ])('%s', async (_name, body, cause, reason) => {
    const { url } = await served('/feed', body, 'application/xml');
    const result = await new FeedSource(url).read();
    expect(result).toMatchObject({ ok: false, cause });
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('follows a redirect to the feed, and resolves its relative links against where it ended', async () => {
    const server = await webServer({
      '/rss': { status: 301, headers: { location: '/blog/feed/' } },
      '/blog/feed/': { body: rssFeed([one({ link: '../2020/compost/' })]) },
    });
    const read = readOf(await new FeedSource(`${server.origin}/rss`).read());
    expect(read.posts.map((post) => post.url)).toEqual([`${server.origin}/blog/2020/compost/`]);
  });

  it.each([
    ['a redirect loop', { '/feed': { status: 302, headers: { location: '/feed' } } }, {}, 'redirect'],
    [
      'a feed over the size cap',
      { '/feed': { body: rssFeed([one({ html: `<p>${'word '.repeat(5000)}</p>` })]) } },
      { maxBytes: 4096 },
      'too-large',
    ],
    ['a server that never answers', { '/feed': () => {} }, { timeoutMs: 200 }, 'timeout'],
  ] as const)('passes on %s as a failure', async (_name, routes, settings, cause) => {
    const server = await webServer({ ...routes });
    expect(await new FeedSource(`${server.origin}/feed`, settings).read()).toMatchObject({ ok: false, cause });
  });

  it('passes on a fetch failure as it is (here a 500)', async () => {
    const server = await webServer({ '/feed': { status: 500 } });
    expect(await new FeedSource(`${server.origin}/feed`).read()).toEqual({
      ok: false,
      cause: 'http-status',
      reason: `${server.origin}/feed answered HTTP 500 (Internal Server Error).`,
    });
  });
});

describe('telling whether a feed changed', () => {
  it('a 304 to the last read\'s validators is "unchanged"', async () => {
    const body = rssFeed([one()]);
    const server = await webServer({
      '/feed': (request, response) => {
        if (request.headers['if-none-match'] === '"1"') return void response.writeHead(304).end();
        response.writeHead(200, { etag: '"1"', 'content-type': 'application/rss+xml' }).end(body);
      },
    });
    const source = new FeedSource(`${server.origin}/feed`);
    const first = readOf(await source.read());
    const again = await source.read({ since: first.key });
    expect(again).toMatchObject({ ok: true, unchanged: true, key: { key: first.key.key } });
    expect(await source.changeKey(first.key)).toEqual({ ok: true, key: first.key });
  });

  it('a feed whose items are the same is unchanged even without validators or with a new build date', async () => {
    const server = await webServer({
      '/feed': { body: rssFeed([one()], { buildDate: 'Tue, 02 Jan 2024 00:00:00 +0000' }) },
    });
    const source = new FeedSource(`${server.origin}/feed`);
    const first = readOf(await source.read());
    server.routes['/feed'] = { body: rssFeed([one()], { buildDate: 'Wed, 03 Jan 2024 00:00:00 +0000' }) };
    expect(await source.read({ since: first.key })).toMatchObject({ ok: true, unchanged: true });
    server.routes['/feed'] = { body: rssFeed([one(), one({ link: 'https://blog.example/new/', id: 'n' })]) };
    const changed = await source.read({ since: first.key });
    expect(readOf(changed).posts.map((post) => post.slug)).toEqual(['compost-heaps', 'new']);
  });

  it('list() gives ids, places, titles and dates without converting bodies', async () => {
    const { url } = await served('/feed', rssFeed([one()]), 'application/rss+xml');
    const listed = await new FeedSource(url).list();
    expect(listed).toMatchObject({
      ok: true,
      posts: [
        {
          id: 'https://blog.example/?p=1',
          where: 'https://blog.example/2020/01/02/compost-heaps/',
          title: 'Compost heaps',
          date: 'Thu, 02 Jan 2020 09:30:00 +0000',
        },
      ],
    });
  });
});
