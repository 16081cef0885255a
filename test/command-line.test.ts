// The command line's commands, run in this process as src/cli.ts runs them: the limits of /ask and /latest, `check`,
// and web sources served by local servers. The process itself (stdin, exit codes, npm) is in test/cli.test.ts.
import { describe, expect, it } from 'vitest';
import { contentDir, ESSAYS, postMarkdown, tempDir } from './content/factories.js';
import { entryOf, essays, rssFeed, wordpressPost, wordpressRoute } from './content/sources/feeds.js';
import { closedPort, webServer } from './content/sources/web-server.js';
import { commandLine as cli } from './support/command-line.js';

describe.concurrent('npm run ask / latest / check', () => {
  it('takes the limits of /ask and /latest: at most 5 results and 10 posts', async () => {
    const [results, count, text] = await Promise.all([
      cli(['ask', '--content', ESSAYS, '--results', '6', '--json', 'edge tpu']),
      cli(['latest', '--content', ESSAYS, '--count', '11', '--json']),
      cli(['ask', '--content', ESSAYS, '--results', '5', 'what is the']),
    ]);
    expect(results).toEqual({ code: 1, stdout: '', stderr: 'Expected a whole number from 1 to 5, got "6".\n' });
    expect(count).toEqual({ code: 1, stdout: '', stderr: 'Expected a whole number from 1 to 10, got "11".\n' });
    // The same reply as /ask gives, as text.
    expect(text.stdout).toBe(
      'Your question has no words to search for. Try a few keywords, for example /ask kubernetes security, or see ' +
        'what I can do with /help.\n\n',
    );
  });

  it('latest --json --count N prints {"posts": [...]} newest first', async () => {
    const { code, stdout } = await cli(['latest', '--content', ESSAYS, '--count', '3', '--json']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const { posts } = JSON.parse(lines[0]!);
    expect(posts).toHaveLength(3);
    for (const post of posts) expect(Object.keys(post).sort()).toEqual(['date', 'slug', 'title', 'url']);
    expect(posts.map((post: { date: string }) => post.date)).toEqual(['2018-12-18', '2018-11-02', '2018-10-19']);
  });

  it('check exits 0 on valid content, printing nothing on stdout', async () => {
    const { code, stdout, stderr } = await cli(['check', '--content', ESSAYS]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('10 posts valid, 0 problems.\n');
  });

  it('check prints one FILE:LINE: reason per problem on stdout and exits 1', async () => {
    const dir = contentDir({
      'good.md': postMarkdown(),
      'nofront.md': 'Hello.',
      'sub/baddate.md': postMarkdown({ date: '2018-02-30' }),
      'badurl.md': postMarkdown({ url: 'javascript:alert(1)' }),
      'draft.md': postMarkdown({ draft: true }),
      'notes.txt': 'ignored',
    });
    const { code, stdout, stderr } = await cli(['check', '--content', dir]);
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'badurl.md:4: url "javascript:alert(1)" is not an absolute http(s) address',
      "nofront.md:1: no front matter: the file must start with a '---' block holding title, date and url",
      'sub/baddate.md:3: date "2018-02-30" is not a real date in the form YYYY-MM-DD',
    ]);
    expect(stderr).toContain('draft.md:5: draft: true, not served until it is false');
    expect(stderr).toContain('1 post valid, 3 problems.');
  });
});

describe('npm run ask / latest / check over web sources (local servers)', () => {
  // The snapshot of each run goes to a folder of the test's own.
  const env = () => ({ BLOGBOT_CACHE_DIR: tempDir() });

  it("latest --json --source feed:URL lists the feed's posts with their real links", async () => {
    const posts = await essays();
    const server = await webServer({
      '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(posts.map(entryOf)) },
    });
    const { code, stdout } = await cli(
      ['latest', '--source', `feed:${server.origin}/feed.xml`, '--count', '10', '--json'],
      '',
      env(),
    );
    expect(code).toBe(0);
    const listed = JSON.parse(stdout).posts as Array<{ slug: string; url: string }>;
    expect(listed).toHaveLength(10);
    const urls = new Map(posts.map((post) => [post.slug, post.url]));
    for (const post of listed) expect(post.url).toBe(urls.get(post.slug));
  });

  it("ask --json with a WordPress site's address: found by its API link, answered from the whole archive", async () => {
    const posts = await essays();
    const server = await webServer({
      '/': {
        headers: { 'content-type': 'text/html', link: '</wp-json/>; rel="https://api.w.org/"' },
        body: '<html><head><title>Blog</title></head></html>',
      },
      '/wp-json/wp/v2/posts': wordpressRoute(
        posts.map((post, i) => wordpressPost(post, i + 1)),
        { maxPerPage: 3 },
      ),
    });
    const { code, stdout } = await cli(
      ['ask', '--source', `${server.origin}/`, '--json', 'What is a Deep Tech startup?'],
      '',
      env(),
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.results[0].slug).toBe('the-comeback-of-research');
    expect(answer.results[0].url).toBe(posts.find((post) => post.slug === 'the-comeback-of-research')!.url);
  });

  it('check lists a feed item with no link as a problem, exits 1; an unreadable source is one sentence', async () => {
    const server = await webServer({
      '/feed': {
        body: rssFeed([
          { title: 'No link here', date: '2020-01-02', html: '<p>Text.</p>' },
          { title: 'Fine', link: 'https://b.example/fine/', date: '2020-01-03', html: '<p>Text.</p>' },
        ]),
      },
    });
    const checked = await cli(['check', '--source', `feed:${server.origin}/feed`], '', env());
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/item "No link here" has no link: skipped/);
    expect(checked.stderr).toContain('1 post valid, 1 problem.');

    const port = await closedPort();
    const [ask, latest, check] = await Promise.all(
      [['ask', 'anything'], ['latest'], ['check']].map(([verb, ...rest]) =>
        cli([verb!, '--source', `feed:http://127.0.0.1:${port}/feed`, ...rest], '', env()),
      ),
    );
    for (const run of [ask!, latest!, check!]) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([
        `127.0.0.1:${port} refused the connection: nothing is listening there.`,
      ]);
    }
  });

  it('check: folder posts without url need SITE_URL (each file named), and pass with it', async () => {
    const dir = contentDir({
      '2020-01-02-hello.md': '---\ntitle: Hello\n---\nBody text.\n',
      'other.md': '---\ntitle: Other\ndate: 2020-02-03\n---\nMore text.\n',
    });
    const without = await cli(['check', '--source', dir], '', env());
    expect(without.code).toBe(1);
    expect(without.stdout.trimEnd().split('\n')).toEqual([
      '2020-01-02-hello.md:1: front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
      'other.md:1: front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
    ]);
    const withSite = await cli(['check', '--source', dir], '', {
      ...env(),
      SITE_URL: 'https://j.example',
      PERMALINK: '/:year/:slug/',
    });
    expect(withSite).toMatchObject({ code: 0, stdout: '' });
    const latest = await cli(['latest', '--content', dir, '--json'], '', {
      ...env(),
      SITE_URL: 'https://j.example',
      PERMALINK: '/:year/:slug/',
    });
    expect(JSON.parse(latest.stdout).posts.map((post: { url: string }) => post.url)).toEqual([
      'https://j.example/2020/other/',
      'https://j.example/2020/hello/',
    ]);
    const badSetting = await cli(['check', '--source', dir], '', { ...env(), PERMALINK: 'year/slug' });
    expect(badSetting).toEqual({
      code: 1,
      stdout: '',
      stderr: 'The setting PERMALINK "year/slug" must start with "/" (like /:year/:month/:day/:slug/).\n',
    });
  });
});
