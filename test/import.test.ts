// `npm run import`: the posts of a feed, a WordPress site or a WordPress export written as Markdown files that
// `check` accepts and that read back as the same posts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { toParagraphs } from '../src/content/paragraphs.js';
import { runImport } from '../src/import.js';
import { PROJECT, tempDir } from './content/factories.js';
import {
  entryOf,
  essays,
  rssFeed,
  wordpressPost,
  wordpressRoute,
  wxrExport,
  wxrItemOf,
} from './content/sources/feeds.js';
import { closedPort, webServer } from './content/sources/web-server.js';
import { commandLine } from './support/command-line.js';

async function imported(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport(
    argv,
    { INIT_CWD: PROJECT, ...env },
    { out: (line) => out.push(line), err: (line) => err.push(line) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `npm run check -- --content DIR`, as an owner runs it. */
async function check(dir: string) {
  const { code, stdout, stderr } = await commandLine(['check', '--content', dir]);
  return { status: code, stdout, stderr };
}

async function expectSameEssays(dir: string) {
  const [originals, back] = await Promise.all([essays(), loadContent(dir)]);
  expect(back.problems).toEqual([]);
  const bySlug = new Map(back.posts.map((post) => [post.slug, post]));
  for (const essay of originals) {
    const post = bySlug.get(essay.slug);
    expect(post, essay.slug).toBeDefined();
    expect({ title: post!.title, date: post!.date, url: post!.url }).toEqual({
      title: essay.title,
      date: essay.date,
      url: essay.url,
    });
    expect(toParagraphs(post!.body)).toEqual(toParagraphs(essay.body));
  }
}

describe('npm run import', () => {
  it("writes a feed's posts as files that check accepts and that read back as the same essays", async () => {
    const server = await webServer({
      '/feed/': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed((await essays()).map(entryOf)) },
    });
    const dir = path.join(tempDir(), 'new', 'posts');
    const result = await imported([`feed:${server.origin}/feed/`, '--out', dir]);
    expect(result.code).toBe(0);
    expect(result.out).toBe(`Wrote 10 posts to ${dir}.`);
    expect(result.err).toContain('10 posts, read from their full text (content:encoded)');
    expect(readdirSync(dir)).toHaveLength(10);
    const checked = await check(dir);
    expect(checked.stderr).toContain('10 posts valid, 0 problems.');
    expect(checked.status).toBe(0);
    await expectSameEssays(dir);
  });

  it("writes a WordPress site's posts from its REST API", async () => {
    const posts = await essays();
    const server = await webServer({
      '/wp-json/wp/v2/posts': wordpressRoute(
        posts.map((post, i) => wordpressPost(post, i + 1)),
        { maxPerPage: 3 },
      ),
    });
    const dir = tempDir();
    expect((await imported([`wordpress:${server.origin}`, '--out', dir])).code).toBe(0);
    const file = readFileSync(path.join(dir, 'iot-challenges.md'), 'utf8');
    expect(file).toMatch(
      new RegExp(
        String.raw`^---\ntitle: "IoT Challenges"\ndate: 2018-08-24\n` +
          String.raw`url: "https://cloudinthealps\.mandin\.net/\?s=IoT\+Challenges"\n` +
          String.raw`summary: "IoT Challenges \[…\]"\n---\n\n`,
      ),
    );
    expect((await check(dir)).status).toBe(0);
    await expectSameEssays(dir);
  });

  it('writes only the published posts of a WordPress export, with their tags and categories', async () => {
    const posts = await essays();
    const items = [
      ...posts.map((post, i) => wxrItemOf(post, i === 0 ? { tags: ['autonomic', 'IBM'] } : {})),
      wxrItemOf(posts[0]!, { slug: 'about', title: 'About', type: 'page' }),
      wxrItemOf(posts[0]!, { slug: 'logo', title: 'logo.png', type: 'attachment', status: 'inherit' }),
      wxrItemOf(posts[0]!, { slug: 'unfinished', title: 'Unfinished', status: 'draft' }),
    ];
    const exportFile = path.join(tempDir(), 'blog.WordPress.2024-01-01.xml');
    writeFileSync(exportFile, wxrExport(items));
    const dir = tempDir();
    const result = await imported([exportFile, '--out', dir]);
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      '(WordPress export): 10 published posts; left out: 1 page, 1 attachment, 1 draft post.',
    );
    expect(readdirSync(dir).sort()).toEqual(posts.map((post) => `${post.slug}.md`).sort());
    const first = (await loadContent(dir)).posts.find((post) => post.slug === posts[0]!.slug)!;
    expect(first).toMatchObject({ tags: ['autonomic', 'IBM'], categories: ['Cloud'] });
    expect((await check(dir)).status).toBe(0);
    await expectSameEssays(dir);
  });

  it('refuses a broken export whole, and says why when the source cannot be read', async () => {
    const exportFile = path.join(tempDir(), 'broken.xml');
    writeFileSync(exportFile, wxrExport([wxrItemOf((await essays())[0]!)]).slice(0, -30));
    const broken = await imported([exportFile, '--out', tempDir()]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(
      /^The export .*broken\.xml is not well-formed XML \(line \d+: .*\): nothing of it was used\.$/,
    );
    const port = await closedPort();
    const refused = await imported([`feed:http://127.0.0.1:${port}/feed`, '--out', tempDir()]);
    expect(refused).toMatchObject({
      code: 1,
      err: `127.0.0.1:${port} refused the connection: nothing is listening there.`,
    });
  });

  it('explains its usage', async () => {
    expect((await imported(['feed:https://b.example/feed'])).code).toBe(2);
    expect((await imported(['feed:https://b.example/feed'])).err).toContain(
      'Usage: npm run import -- SOURCE --out DIR',
    );
  });
});
