// Folders of static-site generators (Hugo, Jekyll, Eleventy, Astro) load as they are: TOML front matter, dated file
// names, tags, addresses built from SITE_URL and PERMALINK, and shortcodes and JSX that never reach an answer.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { toParagraphs } from '../../src/content/paragraphs.js';
import { parsePost, type ParsedFile } from '../../src/content/parse-post.js';
import { conventionsProblem, permalinkUrl, type FolderConventions } from '../../src/content/permalink.js';
import { formatProblem } from '../../src/content/post.js';
import { contentDir } from './factories.js';

const SITE: FolderConventions = { siteUrl: 'https://blog.example' };
const parse = (text: string, file = 'posts/compost.md', conventions: FolderConventions = SITE) =>
  parsePost(file, new TextEncoder().encode(text), 'fp', conventions);

function postOf(parsed: ParsedFile) {
  if (parsed.kind !== 'post') throw new Error(`expected a post, got ${parsed.kind}: ${formatProblem(parsed.problem)}`);
  return parsed.post;
}
function problemOf(parsed: ParsedFile): string {
  if (parsed.kind === 'post') throw new Error(`expected a problem, got the post ${parsed.post.slug}`);
  return formatProblem(parsed.problem);
}

const hugo = (front: string, body = 'Compost needs air and water.') => `+++\n${front}\n+++\n\n${body}\n`;

describe('TOML front matter (Hugo)', () => {
  it('reads title, date, tags, categories, draft and description', () => {
    const post = postOf(
      parse(
        hugo(
          'title = "Compost heaps"\ndate = 2020-01-02T23:30:00-05:00\ntags = ["garden", "soil"]\ncategories = ' +
            '["Outdoors"]\ndraft = false\ndescription = "How to keep one."',
        ),
      ),
    );
    expect(post).toMatchObject({
      title: 'Compost heaps',
      date: '2020-01-02',
      tags: ['garden', 'soil'],
      categories: ['Outdoors'],
      summary: 'How to keep one.',
      slug: 'compost',
    });
    expect(post.body.trim()).toBe('Compost needs air and water.');
  });

  it.each([
    ['a local date', 'date = 2020-01-02'],
    ['a local date and time', 'date = 2020-01-02T10:00:00'],
    ['a date and time with an offset, keeping the day written', 'date = 2020-01-02T23:59:00-11:00'],
    ['a string', 'date = "2020-01-02"'],
    ['a string with a time', 'date = "2020-01-02T08:00:00Z"'],
  ])('takes the date from %s', (_name, line) => {
    expect(postOf(parse(hugo(`title = "x"\n${line}`))).date).toBe('2020-01-02');
  });

  it('names the line of a TOML syntax error', () => {
    expect(problemOf(parse(hugo('title = "x"\ndate = 2020-01-02\ntags = [1,')))).toMatch(
      /^posts\/compost\.md:4: front matter is not valid TOML: /,
    );
  });

  it('names the line of a bad value, as for YAML', () => {
    expect(problemOf(parse(hugo('title = "x"\ndate = 2020-02-30')))).toBe(
      'posts/compost.md:3: date "2020-02-30" is not a real date in the form YYYY-MM-DD',
    );
    expect(problemOf(parse(hugo('title = "x"\ndate = "2020-02-30"')))).toBe(
      'posts/compost.md:3: date "2020-02-30" is not a real date in the form YYYY-MM-DD',
    );
    expect(problemOf(parse(hugo('title = "x"\ndate = 2020-01-02\ndraft = "yes"')))).toBe(
      'posts/compost.md:4: draft must be true or false',
    );
  });

  it('says how to close an unclosed block', () => {
    expect(problemOf(parse('+++\ntitle = "x"\n'))).toBe(
      "posts/compost.md:1: front matter is not closed: add a line '+++' after it",
    );
  });
});

describe('addresses from SITE_URL and PERMALINK', () => {
  const noUrl = '---\ntitle: Compost\ndate: 2020-01-02\n---\nBody.\n';

  it('builds the default /:year/:month/:day/:slug/ address', () => {
    expect(postOf(parse(noUrl)).url).toBe('https://blog.example/2020/01/02/compost/');
  });

  it('follows PERMALINK and keeps a path in SITE_URL', () => {
    expect(
      postOf(
        parse(noUrl, 'posts/compost.md', {
          siteUrl: 'https://example.org/blog/',
          permalink: '/posts/:year/:slug.html',
        }),
      ).url,
    ).toBe('https://example.org/blog/posts/2020/compost.html');
    expect(
      postOf(parse(noUrl, 'posts/compost.md', { siteUrl: 'https://example.org', permalink: '/:title/' })).url,
    ).toBe('https://example.org/compost/');
  });

  it('keeps a url written in the front matter', () => {
    expect(postOf(parse('---\ntitle: x\ndate: 2020-01-02\nurl: https://elsewhere.example/x/\n---\nBody.\n')).url).toBe(
      'https://elsewhere.example/x/',
    );
  });

  it('without SITE_URL, a post without url is a problem naming the file and the missing url', () => {
    expect(problemOf(parse(noUrl, 'posts/compost.md', {}))).toBe(
      'posts/compost.md:1: front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
    );
  });

  it.each([
    [
      { siteUrl: 'blog.example' },
      'SITE_URL "blog.example" is not an http(s) address of a site (like https://blog.example).',
    ],
    [{ siteUrl: 'javascript:alert(1)' }, 'SITE_URL "javascript:alert(1)" is not an http(s) address'],
    [{ siteUrl: 'https://b.example', permalink: ':year/:slug' }, 'PERMALINK ":year/:slug" must start with "/"'],
    [
      { siteUrl: 'https://b.example', permalink: '/:categories/:slug/' },
      'PERMALINK "/:categories/:slug/" has the unknown token :categories',
    ],
    [{ siteUrl: 'https://b.example', permalink: '/:year/' }, 'must hold :slug'],
  ])('a bad setting is one sentence: %j', (conventions, expected) => {
    expect(conventionsProblem(conventions)).toContain(expected);
  });

  it('accepts good settings', () => {
    expect(conventionsProblem({})).toBeUndefined();
    expect(
      conventionsProblem({ siteUrl: 'http://127.0.0.1:4000', permalink: '/:year/:month/:day/:title.html' }),
    ).toBeUndefined();
    expect(permalinkUrl({}, { date: '2020-01-02', slug: 'x' })).toBeUndefined();
  });
});

describe('Jekyll file names and Hugo page bundles', () => {
  it('takes the date and slug from YYYY-MM-DD-slug.md', () => {
    const post = postOf(parse('---\ntitle: Hello\n---\nBody.\n', '_posts/2019-03-04-hello-world.md'));
    expect(post).toMatchObject({
      date: '2019-03-04',
      slug: 'hello-world',
      url: 'https://blog.example/2019/03/04/hello-world/',
    });
  });

  it('lets the front matter override the name', () => {
    const post = postOf(
      parse(
        '---\ntitle: Hello\ndate: 2019-05-06 10:00:00 +0100\nslug: greeting\n---\nBody.\n',
        '_posts/2019-03-04-hello-world.markdown',
      ),
    );
    expect(post).toMatchObject({ date: '2019-05-06', slug: 'greeting' });
  });

  it('names a bundle post (posts/my-trip/index.md) after its folder', () => {
    expect(postOf(parse('---\ntitle: Trip\ndate: 2020-01-02\n---\nBody.\n', 'posts/my-trip/index.md')).slug).toBe(
      'my-trip',
    );
  });
});

describe('tags and categories', () => {
  const yamlPost = (lines: string) => `---\ntitle: x\ndate: 2020-01-02\n${lines}\n---\nBody.\n`;

  it('keeps YAML lists and Jekyll word strings', () => {
    expect(postOf(parse(yamlPost('tags: [garden, 2020]\ncategories: home garden'))).tags).toEqual(['garden', '2020']);
    expect(postOf(parse(yamlPost('categories: home garden'))).categories).toEqual(['home', 'garden']);
  });

  it('leaves them out when there are none', () => {
    const post = postOf(parse(yamlPost('tags: []')));
    expect(post.tags).toBeUndefined();
    expect(post.categories).toBeUndefined();
  });

  it('refuses a list of objects, naming the line', () => {
    expect(problemOf(parse(yamlPost('tags:\n  - name: x')))).toBe('posts/compost.md:4: tags must be a list of words');
  });
});

describe('shortcodes, Liquid tags and JSX never reach an answer', () => {
  const body = (markdown: string, file = 'posts/compost.md') =>
    toParagraphs(postOf(parse(`---\ntitle: x\ndate: 2020-01-02\n---\n${markdown}`, file)).body).map((p) => p.text);

  it('strips Hugo shortcodes and Liquid tags, keeping the words between paired ones', () => {
    expect(
      body(
        'Before {{< figure src="a.png" caption="A heap" >}} after.\n\n{{% notice tip %}}\nTurn it weekly.\n{{% ' +
          '/notice %}}\n\n{% include footer.html %}\nEnd {% raw %}kept{% endraw %}.',
      ),
    ).toEqual(['Before after.', 'Turn it weekly.', 'End kept.']);
  });

  it('strips a shortcode spanning lines', () => {
    expect(body('One {{< youtube\n  id="abc"\n>}} two.')).toEqual(['One two.']);
  });

  it('leaves code fences exactly as written (each line marked as code)', () => {
    expect(body('Use it like this:\n\n```\n{{< figure src="x" >}}\n<Chart />\n```')).toEqual([
      'Use it like this:',
      '`{{< figure src="x" >}}`\n`<Chart />`',
    ]);
  });

  it('strips MDX imports, exports, comments and components, keeping their children', () => {
    const mdx =
      "import Chart from '../components/Chart.astro';\nimport {\n  Note,\n} from './note';\n\nexport const meta " +
      '= { a: 1 };\n\n# Results\n\n{/* a note to myself */}\n<Note type="info"\n  title={"Heads up"}>\nCompost ' +
      '<Highlight>warms</Highlight> up.\n</Note>\n\n<Chart data={[1, 2]} />\n\nThe end.';
    const post = postOf(parse(`---\ntitle: x\ndate: 2020-01-02\n---\n${mdx}`, 'posts/results.mdx'));
    expect(toParagraphs(post.body)).toEqual([
      { text: 'Compost warms up.', heading: 'Results' },
      { text: 'The end.', heading: 'Results' },
    ]);
  });

  it('keeps import and export words in plain Markdown', () => {
    expect(body('export your data first.')).toEqual(['export your data first.']);
  });
});

describe('loadContent: a Hugo folder and a Jekyll folder', () => {
  it('loads .md, .markdown and .mdx, skips Hugo list pages, and builds addresses', async () => {
    const dir = contentDir({
      'posts/_index.md': '+++\ntitle = "Posts"\n+++\n',
      'posts/first.md': hugo('title = "First"\ndate = 2021-05-06'),
      'posts/second/index.markdown': hugo('title = "Second"\ndate = 2021-05-07'),
      'posts/third.mdx': '---\ntitle: Third\ndate: 2021-05-08\n---\nimport X from "y";\n\nHello <X />.\n',
      'posts/notes.txt': 'not a post',
    });
    const { posts, problems } = await loadContent(dir, undefined, undefined, {
      siteUrl: 'https://hugo.example',
      permalink: '/posts/:slug/',
    });
    expect(problems).toEqual([]);
    expect(posts.map((post) => [post.slug, post.url])).toEqual([
      ['first', 'https://hugo.example/posts/first/'],
      ['second', 'https://hugo.example/posts/second/'],
      ['third', 'https://hugo.example/posts/third/'],
    ]);
  });

  it('reports every post without url when SITE_URL is missing', async () => {
    const dir = contentDir({
      '_posts/2020-01-02-one.md': '---\ntitle: One\n---\nBody.\n',
      '_posts/2020-01-03-two.md': '---\ntitle: Two\n---\nBody.\n',
    });
    const { posts, problems } = await loadContent(dir);
    expect(posts).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([
      '_posts/2020-01-02-one.md:1: front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
      '_posts/2020-01-03-two.md:1: front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
    ]);
  });
});
