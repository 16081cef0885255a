import { mkdtemp, readdir, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQueries } from '../bench/queries.js';
import { writeBrownPosts } from '../scripts/corpus/brown.js';
import type { Answer } from '../src/answer.js';
import { ContentFolderError } from '../src/content/load.js';
import type { Post } from '../src/content/post.js';
import { SourceError } from '../src/content/sources/source.js';
import { Library } from '../src/library.js';
import { contentDir, postMarkdown } from './content/factories.js';
import { entryOf, essays, rssFeed, wordpressPost, wordpressRoute } from './content/sources/feeds.js';
import { closedPort, webServer } from './content/sources/web-server.js';

const ESSAYS = path.resolve(import.meta.dirname, '..', 'content');
const strip = (answer: Answer) => ({ ...answer, tookMs: 0 });
const temporary: string[] = [];

async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'blogbot-library-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** Gives a file a modification time in the past: a snapshot is never made of files edited in the last seconds. */
async function age(dir: string, name: string): Promise<void> {
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  await utimes(path.join(dir, name), hourAgo, hourAgo);
}

function post(title: string, body: string): string {
  return (
    `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-02-03\n` +
    `url: https://example.org/${title.toLowerCase().replace(/\W+/g, '-')}/\n---\n\n${body}\n`
  );
}

afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

describe('Library over the essays', () => {
  let library: Library;
  beforeAll(async () => {
    library = await Library.open({ contentDir: ESSAYS, cacheDir: false });
  });

  it('answers with the post, an excerpt and a link, and lists the newest posts', () => {
    const answer = library.ask('What is a Deep Tech startup?');
    expect(answer.results[0]?.slug).toBe('the-comeback-of-research');
    expect(answer.results[0]!.excerpt.text.length).toBeGreaterThan(50);
    expect(answer.results[0]!.excerpt.highlights.length).toBeGreaterThan(0);
    expect(answer.results[0]!.link).toContain('#:~:text=');
    expect(library.posts).toHaveLength(10);
    const latest = library.latest(3);
    expect(latest).toHaveLength(3);
    expect(latest.every((post) => post.summary.length > 0)).toBe(true);
  });

  it('keeps each served post under its source and its id there', () => {
    expect(library.posts.map((post) => [post.source, post.id]).slice(0, 2)).toEqual([
      [`folder:${ESSAYS}`, 'autonomous-versus-autonomic-systems.md'],
      [`folder:${ESSAYS}`, library.posts[1]!.file],
    ]);
  });
});

describe('focus (reading only the paragraphs that can match)', () => {
  it('gives exactly the answers of reading whole posts', async () => {
    const dir = await folder();
    await writeBrownPosts(dir, { count: 60, mode: 'samples' });
    for (const name of await readdir(ESSAYS)) {
      if (name.endsWith('.md')) await writeFile(path.join(dir, name), await readFile(path.join(ESSAYS, name)));
    }
    const focused = await Library.open({ contentDir: dir, cacheDir: false, worker: false });
    // Decoding a few paragraphs at a time, as for a big blog, from the snapshot file.
    const inPieces = await Library.open({ contentDir: dir, cacheDir: await folder(), worker: false, keptTextBytes: 0 });
    await inPieces.saved();
    const whole = await Library.open({ contentDir: dir, cacheDir: false, worker: false, focus: false });
    const queries = await benchQueries(dir, 40);
    for (const query of queries) {
      const expected = strip(whole.ask(query, 5));
      expect(strip(focused.ask(query, 5)), query).toEqual(expected);
      expect(strip(inPieces.ask(query, 5)), query).toEqual(expected);
    }
  }, 30_000);
});

describe('reload', () => {
  it('keeps answering during a reload in a worker, each answer from the old or the new posts, none lost', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++)
      files[`post-${i}.md`] = post(
        `Post number ${i}`,
        `Ordinary words about gardens and bicycles, number ${i}.\n\nMore text here.`,
      );
    const dir = await folder(files);
    const library = await Library.open({ contentDir: dir, cacheDir: false, worker: true });
    const questions = ['zeppelins over the harbour', 'gardens and bicycles', 'Post number 7'];
    const before = questions.map((q) => strip(library.ask(q)));

    await writeFile(path.join(dir, 'post-7.md'), post('Post number 7', 'Zeppelins drift over the harbour at dawn.'));
    await unlink(path.join(dir, 'post-8.md'));
    await writeFile(path.join(dir, 'new.md'), post('A new post', 'Gardens again.'));
    const expectedAfter = await Library.open({ contentDir: dir, cacheDir: false, worker: false });
    const after = questions.map((q) => strip(expectedAfter.ask(q)));
    expect(after[0]).not.toEqual(before[0]);

    const seen: Answer[][] = [];
    let asked = 0;
    let stop = false;
    const ask = () =>
      new Promise<void>((resolve) => {
        const tick = () => {
          if (stop) return resolve();
          asked++;
          seen.push(questions.map((q) => library.ask(q)));
          setImmediate(tick);
        };
        tick();
      });
    const asking = ask();
    const report = await library.reload();
    stop = true;
    await asking;
    seen.push(questions.map((q) => library.ask(q)));

    expect(seen).toHaveLength(asked + 1);
    for (const answers of seen) {
      const stripped = answers.map(strip);
      expect([JSON.stringify(before), JSON.stringify(after)]).toContain(JSON.stringify(stripped));
    }
    expect(seen[seen.length - 1]!.map(strip)).toEqual(after);
    expect(report.added).toEqual(['new']);
    expect(report.removed).toEqual(['post-8']);
    expect(report.changed).toEqual(['post-7']);
    expect(report.postCount).toBe(40);
    await library.saved();
  }, 30_000);

  it('keeps the last good version of a file that breaks, and everything when the folder goes', async () => {
    const dir = await folder({
      'good.md': post('Quantum gardening', 'Quantum gardening grows qubits.'),
      'other.md': post('Other', 'Other words.'),
    });
    const library = await Library.open({ contentDir: dir, cacheDir: false, worker: false });
    await writeFile(path.join(dir, 'good.md'), '---\ntitle: broken');
    const report = await library.reload();
    expect(report.problems).toEqual([expect.objectContaining({ file: 'good.md', kept: true })]);
    expect(library.ask('quantum gardening').results[0]?.slug).toBe('good');

    await rm(dir, { recursive: true, force: true });
    await expect(library.reload()).rejects.toBeInstanceOf(ContentFolderError);
    expect(library.ask('quantum gardening').results[0]?.slug).toBe('good');
    expect(library.posts).toHaveLength(2);
  });

  it('shares one reload between concurrent calls', async () => {
    const dir = await folder({ 'a.md': post('Alpha', 'Alpha text.') });
    const library = await Library.open({ contentDir: dir, cacheDir: false, worker: false });
    const [first, second] = [library.reload(), library.reload()];
    expect(first).toBe(second);
    expect((await first).postCount).toBe(1);
  });
});

describe('opening', () => {
  it('throws ContentFolderError for a folder that does not exist, with or without a snapshot folder', async () => {
    const missing = path.join(os.tmpdir(), 'blogbot-missing-folder-xyz');
    await expect(Library.open({ contentDir: missing })).rejects.toBeInstanceOf(ContentFolderError);
    await expect(Library.open({ contentDir: missing, cacheDir: false, worker: true })).rejects.toBeInstanceOf(
      ContentFolderError,
    );
  });

  it('reports progress as posts are read and indexed', async () => {
    const dir = await folder({ 'a.md': post('Alpha', 'Alpha text.'), 'b.md': post('Beta', 'Beta text.') });
    const seen: string[] = [];
    await Library.open({
      contentDir: dir,
      cacheDir: false,
      onProgress: (phase, done, total) => seen.push(`${phase} ${done}/${total}`),
    });
    expect(seen).toEqual(['indexing 1/2', 'indexing 2/2']);
  });

  it('reports progress from a worker too', async () => {
    const dir = await folder({ 'a.md': post('Alpha', 'Alpha text.'), 'b.md': post('Beta', 'Beta text.') });
    const seen: string[] = [];
    await Library.open({
      contentDir: dir,
      cacheDir: false,
      worker: true,
      onProgress: (phase, done, total) => seen.push(`${phase} ${done}/${total}`),
    });
    expect(seen).toContain('indexing 2/2');
  }, 20_000);

  it('serves a folder whose snapshot folder cannot be written, and says so once, with the reason', async () => {
    for (const worker of [false, true]) {
      const dir = await folder({ 'a.md': post('Alpha', 'Alpha text.') });
      await age(dir, 'a.md');
      const cache = await folder({ 'a-file': 'not a folder' });
      const warnings: string[] = [];
      // Under a regular file nothing can be created, even by root.
      const cacheDir = path.join(cache, 'a-file', 'deeper');
      const library = await Library.open({
        contentDir: dir,
        cacheDir,
        worker,
        onWarning: (message) => warnings.push(message),
      });
      await library.saved();
      expect(library.ask('alpha').results[0]?.slug).toBe('a');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(cacheDir);
      expect(warnings[0]).toMatch(/ENOTDIR|not a directory/);
      await library.reload();
      await library.saved();
      expect(warnings).toHaveLength(1);
    }
  }, 30_000);

  it('says again when writing fails after a snapshot was written in between', async () => {
    const dir = await folder({ 'a.md': post('Alpha', 'Alpha text.') });
    await age(dir, 'a.md');
    const cache = await folder({ blocked: 'not a folder' });
    const blocked = path.join(cache, 'blocked');
    const warnings: string[] = [];
    const library = await Library.open({
      contentDir: dir,
      cacheDir: path.join(blocked, 'deeper'),
      worker: false,
      onWarning: (message) => warnings.push(message),
    });
    await library.saved();
    await rm(blocked);
    await library.reload();
    await library.saved();
    expect(warnings).toHaveLength(1);
    expect(await readdir(path.join(blocked, 'deeper'))).toHaveLength(1);
    await rm(blocked, { recursive: true });
    await writeFile(blocked, 'not a folder again');
    await library.reload();
    await library.saved();
    expect(warnings).toHaveLength(2);
  });
});

describe('web sources', () => {
  const feedOf = (posts: Post[]) => rssFeed(posts.map(entryOf));
  let posts: Post[];
  beforeAll(async () => {
    posts = await essays();
  });

  it('serves a feed and a WordPress site from local servers: answers, newest posts with their real links', async () => {
    const feed = await webServer({
      '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: feedOf(posts.slice(0, 5)) },
    });
    const wordpress = await webServer({
      '/wp-json/wp/v2/posts': wordpressRoute(
        posts.slice(5).map((post, i) => wordpressPost(post, 200 + i)),
        { maxPerPage: 2 },
      ),
    });
    const library = await Library.open({
      worker: false,
      sources: [`feed:${feed.origin}/feed.xml`, `wordpress:${wordpress.origin}/`],
      cacheDir: false,
    });
    expect(library.posts).toHaveLength(10);
    expect(library.initialSources.map(({ status, posts: count }) => [status, count])).toEqual([
      ['read', 5],
      ['read', 5],
    ]);
    expect(library.initialSources[1]!.notes[0]).toMatch(/10 posts|5 posts in 3 pages/);
    const expected = new Map(posts.map((post) => [post.slug, post.url]));
    for (const post of library.latest(10)) expect(post.url).toBe(expected.get(post.slug));
    expect(library.ask('What is a Deep Tech startup?').results[0]?.slug).toBe('the-comeback-of-research');
    expect(library.posts.find((post) => post.slug === posts[6]!.slug)).toMatchObject({
      source: `wordpress:${wordpress.origin}/`,
      id: '201',
    });
  });

  it('keeps the last good posts of a feed that fails, says why, and takes them up again when it is back', async () => {
    const feed = await webServer({ '/feed': { body: feedOf(posts.slice(0, 3)) } });
    const folder = contentDir({ 'local.md': postMarkdown({ title: 'Compost heaps', slug: 'compost' }) });
    const library = await Library.open({
      sources: [folder, `feed:${feed.origin}/feed`],
      cacheDir: false,
      worker: false,
    });
    expect(library.posts).toHaveLength(4);

    feed.routes['/feed'] = { status: 500, body: 'oops' };
    await writeFile(
      path.join(folder, 'more.md'),
      postMarkdown({ title: 'Leaf mould', slug: 'leaf-mould', url: 'https://blog.example/leaf-mould/' }),
    );
    const failed = await library.reload();
    expect(failed.sources.map((outcome) => outcome.status)).toEqual(['read', 'failed']);
    expect(failed.sources[1]!.reason).toMatch(/500/);
    expect(failed.added).toEqual(['leaf-mould']);
    expect(failed.removed).toEqual([]);
    expect(library.posts.map((post) => post.slug).sort()).toEqual(
      ['compost', 'leaf-mould', ...posts.slice(0, 3).map((post) => post.slug)].sort(),
    );

    feed.routes['/feed'] = { body: feedOf(posts.slice(0, 4)) };
    const back = await library.reload();
    expect(back.sources[1]!.status).toBe('read');
    expect(back.added).toEqual([posts[3]!.slug]);
    expect(library.posts).toHaveLength(6);
  });

  it('rejects a reload when every source fails, and goes on serving everything', async () => {
    const feed = await webServer({ '/feed': { body: feedOf(posts.slice(0, 2)) } });
    const library = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir: false, worker: false });
    feed.routes['/feed'] = { status: 404, body: 'gone' };
    await expect(library.reload()).rejects.toThrow(/404/);
    await expect(library.reload()).rejects.toBeInstanceOf(SourceError);
    expect(library.posts).toHaveLength(2);
  });

  it('does not read an unchanged feed again: its posts are kept, and a reload says it is unchanged', async () => {
    const body = feedOf(posts.slice(0, 2));
    const feed = await webServer({
      '/feed': (request, response) => {
        if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
        else response.writeHead(200, { etag: '"v1"', 'content-type': 'application/rss+xml' }).end(body);
      },
    });
    const library = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir: false, worker: false });
    expect(await library.changed()).toBe(false);
    const report = await library.reload();
    expect(report.sources[0]!.status).toBe('unchanged');
    expect(report.added.length + report.changed.length + report.removed.length).toBe(0);
    expect(library.posts).toHaveLength(2);
    expect(feed.requests.slice(1).every((request) => request.headers['if-none-match'] === '"v1"')).toBe(true);
  });

  it('restarts from the snapshot while the blog is down, saying so', async () => {
    const feed = await webServer({ '/feed': { body: feedOf(posts.slice(0, 3)) } });
    const cacheDir = await folder();
    const first = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir, worker: false });
    await first.saved();
    feed.routes['/feed'] = { status: 503, body: 'down for maintenance' };
    const restarted = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir, worker: false });
    expect(restarted.snapshot.loaded).toBe(true);
    expect(restarted.posts.map((post) => post.slug)).toEqual(first.posts.map((post) => post.slug));
    expect(restarted.initialSources).toEqual([
      expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/503/) }),
    ]);

    // Back, with one more post: the restart reads it and keeps the rest.
    feed.routes['/feed'] = { body: feedOf(posts.slice(0, 4)) };
    const again = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir, worker: false });
    expect(again.snapshot.loaded).toBe(false);
    expect(again.posts).toHaveLength(4);
  });

  it('starts empty if allowed and the only source is down; fills up at the first reload that reads it', async () => {
    const port = await closedPort();
    await expect(
      Library.open({ sources: [`feed:http://127.0.0.1:${port}/feed`], cacheDir: false, worker: false }),
    ).rejects.toThrow(/refused/);
    const feed = await webServer({ '/feed': { status: 502, body: 'bad gateway' } });
    const library = await Library.open({
      sources: [`feed:${feed.origin}/feed`],
      cacheDir: false,
      startUnloaded: true,
      worker: false,
    });
    expect(library.loaded).toBe(false);
    expect(library.posts).toEqual([]);
    expect(library.initialSources[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/502/) });
    await expect(library.reload()).rejects.toThrow(/502/);
    expect(library.loaded).toBe(false);
    feed.routes['/feed'] = { body: feedOf(posts.slice(0, 2)) };
    expect((await library.reload()).added).toHaveLength(2);
    expect(library.loaded).toBe(true);
  });

  // The list of bad input: each keeps what was served and says why, in the reload's report.
  const bomb =
    `<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n` +
    `<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n` +
    `<rss version="2.0"><channel><title>&b;</title></channel></rss>`;
  const sixtyMegabytes = (_request: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const more = () => {
      while (sent < 60 && !response.destroyed) {
        sent++;
        if (!response.write(chunk)) return void response.once('drain', more);
      }
      response.end();
    };
    more();
  };
  it.each([
    ['a 404', { status: 404, body: 'not found' }, /answered HTTP 404/],
    ['a 500', { status: 500, body: 'oops' }, /answered HTTP 500/],
    ['malformed XML', { body: '<?xml version="1.0"?><rss><channel><item><title>cut' }, /not well-formed XML/],
    ['an entity-expansion bomb', { body: bomb }, /declares XML entities/],
    ['a 60 MB answer', sixtyMegabytes, /too large|over the/i],
    ['a redirect loop', { status: 302, headers: { location: '/feed' } }, /redirect/i],
    [
      'an HTML page',
      { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><head></head><body>Hi</body></html>' },
      /web page, not a feed/,
    ],
    ['a server that never answers', () => {}, /timed out/],
  ] as const)('keeps the last good posts through %s, and the report says why', async (_name, route, reason) => {
    const feed = await webServer({ '/feed': { body: feedOf(posts.slice(0, 2)) } });
    const folderDir = contentDir({ 'local.md': postMarkdown() });
    const library = await Library.open({
      worker: false,
      sources: [folderDir, `feed:${feed.origin}/feed`],
      cacheDir: false,
      sourceOptions: { fetch: { timeoutMs: 300, maxBytes: 1024 * 1024 } },
    });
    feed.routes['/feed'] = route as never;
    const report = await library.reload();
    expect(report.sources[1]).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) });
    expect(report.removed).toEqual([]);
    expect(library.posts).toHaveLength(3);
  });

  it('keeps the last good posts when nothing listens any more (connection refused)', async () => {
    const feed = await webServer({ '/feed': { body: feedOf(posts.slice(0, 2)) } });
    const library = await Library.open({
      worker: false,
      sources: [contentDir({ 'local.md': postMarkdown() }), `feed:${feed.origin}/feed`],
      cacheDir: false,
    });
    await feed.close();
    const report = await library.reload();
    expect(report.sources[1]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/refused the connection/),
    });
    expect(library.posts).toHaveLength(3);
  });

  it('skips an item with no title or link, or a javascript: link, with a reason; keeps its last good one', async () => {
    const entries = posts.slice(0, 3).map(entryOf);
    const feed = await webServer({ '/feed': { body: rssFeed(entries) } });
    const library = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir: false, worker: false });
    feed.routes['/feed'] = {
      body: rssFeed([
        { ...entries[0]!, title: undefined },
        { ...entries[1]!, link: 'javascript:alert(1)' },
        entries[2]!,
        { title: 'No link', date: '2020-01-02', html: '<p>x</p>', id: 'x' },
      ]),
    };
    const report = await library.reload();
    expect(report.problems.map((problem) => [problem.reason.replace(/"[^"]*"/g, '"…"'), problem.kept])).toEqual([
      ['item has no title: skipped', true],
      [expect.stringMatching(/^item "…" has a link that is not an absolute http\(s\) address/), true],
      ['item "…" has no link: skipped', false],
    ]);
    expect(library.posts.map((post) => post.slug).sort()).toEqual(
      posts
        .slice(0, 3)
        .map((post) => post.slug)
        .sort(),
    );
  });

  it("gives a slug to the first source that has it; the later one's post is a problem", async () => {
    const folderPost = posts[0]!;
    const dir = contentDir({ 'mine.md': postMarkdown({ title: 'My own take', slug: folderPost.slug }) });
    const feed = await webServer({ '/feed': { body: feedOf(posts.slice(0, 2)) } });
    const library = await Library.open({ sources: [dir, `feed:${feed.origin}/feed`], cacheDir: false, worker: false });
    expect(library.posts.find((post) => post.slug === folderPost.slug)?.title).toBe('My own take');
    expect(library.initialProblems).toEqual([
      expect.objectContaining({ file: folderPost.url, reason: expect.stringMatching(/already used by mine\.md/) }),
    ]);
  });
});
