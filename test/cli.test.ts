// The CLI's JSON contract, which tools measuring the bot rely on: spawned for real, a few times only.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childEnv, contentDir, ESSAYS, postMarkdown, PROJECT, tempDir } from './content/factories.js';
import { entryOf, essays, rssFeed, wordpressPost, wordpressRoute } from './content/sources/feeds.js';
import { closedPort, webServer } from './content/sources/web-server.js';

const exec = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input = '', env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: PROJECT,
      env: childEnv(env),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(input);
  });
}

function expectAnswerShape(answer: Record<string, unknown>): void {
  expect(answer).toEqual(
    expect.objectContaining({
      query: expect.any(String),
      keywords: expect.any(Array),
      results: expect.any(Array),
      took_ms: expect.any(Number),
    }),
  );
  for (const result of answer.results as Array<Record<string, unknown>>) {
    expect(result).toEqual(
      expect.objectContaining({
        slug: expect.any(String),
        title: expect.any(String),
        url: expect.stringMatching(/^https?:\/\//),
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        score: expect.any(Number),
        excerpt: expect.any(String),
        highlights: expect.any(Array),
      }),
    );
  }
}

/** The words each highlight covers, read as the README says: code points of the excerpt with its Markdown resolved. */
function highlighted(result: { excerpt: string; highlights: Array<[number, number]> }): string[] {
  const plain = [...result.excerpt.replace(/\\(.)|\*\*/gsu, '$1')];
  return result.highlights.map(([start, end]) => plain.slice(start, end).join(''));
}

describe.concurrent('npm run ask / latest / check', () => {
  it('ask --json "QUESTION" (through npm run --silent) prints one JSON object, best first', async () => {
    const { stdout } = await exec(
      'npm',
      ['run', '--silent', 'ask', '--', '--content', ESSAYS, '--results', '2', '--json', 'kubernetes security'],
      {
        cwd: PROJECT,
        env: childEnv(),
      },
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!);
    expectAnswerShape(answer);
    expect(answer.query).toBe('kubernetes security');
    expect(answer.keywords).toEqual(['kubernetes', 'security']);
    expect(answer.results.length).toBeGreaterThanOrEqual(1);
    expect(answer.results.length).toBeLessThanOrEqual(2);
    expect(answer.results[0].slug).toBe('managed-kubernetes-and-security');
    const scores = answer.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const words = highlighted(answer.results[0]).map((word) => word.toLowerCase());
    expect(words).toContain('kubernetes');
    expect(words).toContain('security');
    // Each highlight is a word the excerpt shows in bold.
    for (const word of highlighted(answer.results[0])) expect(answer.results[0].excerpt).toContain(`**${word}**`);
  });

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

  it('ask --json with no question reads stdin: a JSON line per line, in order; empty line → results []', async () => {
    const questions = ['edge tpu', '', 'hololens', 'zzzz qqqq', 'what is the', 'blameless post-mortem'];
    const { code, stdout } = await cli(['ask', '--content', ESSAYS, '--json'], `${questions.join('\n')}\n`);
    expect(code).toBe(0);
    const answers = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers.map((a) => a.query)).toEqual(questions);
    answers.forEach(expectAnswerShape);
    expect(answers[0].results[0].slug).toBe('brainwave-tensorflow-ai-at-the-edge');
    expect(answers[1].results).toEqual([]);
    expect(answers[2].results[0].slug).toBe('testing-out-hololens');
    expect(answers[3].results).toEqual([]);
    expect(answers[4].results).toEqual([]);
    expect(answers[5].results[0].slug).toBe('blameless-post-mortem');
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

  it('a missing content folder: one sentence on stderr, exit 1; a bad option: usage, exit 2', async () => {
    const [missing, usage] = await Promise.all([
      cli(['check', '--content', '/nonexistent/blog']),
      cli(['ask', '--bogus']),
    ]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'The content folder /nonexistent/blog does not exist.\n' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });

  it('a few thousand hostile lines on stdin: exactly one valid JSON line per input line, no crash', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(
        '',
        ' ',
        '@everyone',
        '<@&123456789012345678> kubernetes',
        '.*+?^${}()|[]\\',
        '"unclosed',
        '~fuzzy^2',
        '-',
        '\u0000\u0007\u001b[31m',
        '\u200b\u200f\u202e',
        '中文 русский العربية',
        '😀👍🏽',
        '\uD800 lone \uDC00',
        'x'.repeat(6000),
        'a\rb',
        '\u2028\u2029',
      ),
    );
    const lines = fc.sample(hostile, { numRuns: 3000, seed: 42 }).map((line) => line.replace(/\n/g, ' '));
    const { code, stdout, stderr } = await cli(['ask', '--content', ESSAYS, '--json'], `${lines.join('\n')}\n`);
    expect(stderr).not.toMatch(/Could not answer|Error/);
    expect(code).toBe(0);
    const out = stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    for (const line of out) expectAnswerShape(JSON.parse(line));
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
