import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  isWebUrl,
  MAX_POST_BYTES,
  parsePost,
  slugFromFile,
  type ParsedFile,
} from '../../src/content/parse-post.js';
import { formatProblem } from '../../src/content/post.js';
import { postMarkdown } from './factories.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string | Uint8Array, file = 'posts/compost.md') =>
  parsePost(file, typeof text === 'string' ? bytes(text) : text, 'fp');

function problemOf(parsed: ParsedFile): string {
  if (parsed.kind === 'post') throw new Error(`expected a problem, got the post ${parsed.post.slug}`);
  return formatProblem(parsed.problem);
}

function postOf(parsed: ParsedFile) {
  if (parsed.kind !== 'post') throw new Error(`expected a post, got ${parsed.kind}: ${formatProblem(parsed.problem)}`);
  return parsed.post;
}

describe('parsePost: a valid post', () => {
  it('reads title, date, url, summary and body, and takes the slug from the file name', () => {
    const post = postOf(
      parse(postMarkdown({ title: 'Compost heaps', summary: 'How to keep one.', body: 'First paragraph.\n\nSecond.' })),
    );
    expect(post).toMatchObject({
      slug: 'compost',
      title: 'Compost heaps',
      date: '2020-01-02',
      url: 'https://blog.example/test-post/',
      summary: 'How to keep one.',
      file: 'posts/compost.md',
      fingerprint: 'fp',
    });
    expect(post.body.trim()).toBe('First paragraph.\n\nSecond.');
  });

  it('keeps the date exactly as written (not a Date rolled into another timezone)', () => {
    expect(postOf(parse(postMarkdown({ date: '2018-12-31' }))).date).toBe('2018-12-31');
  });

  it('uses the slug from front matter when there is one', () => {
    expect(postOf(parse(postMarkdown({ slug: 'my-own.slug_1' }))).slug).toBe('my-own.slug_1');
  });

  it('loads CRLF line endings and a UTF-8 byte order mark like any other file', () => {
    const text = `\uFEFF${postMarkdown({ title: 'Windows post', body: 'Line one\nLine two' }).replace(/\n/g, '\r\n')}`;
    const post = postOf(parse(text));
    expect(post.title).toBe('Windows post');
    expect(post.body).not.toContain('\r');
    expect(post.body.trim()).toBe('Line one\nLine two');
  });

  it('accepts "..." as the end of the front matter, as YAML does', () => {
    const text = '---\ntitle: Dots\ndate: 2020-01-02\nurl: https://blog.example/\n...\nBody here.\n';
    expect(postOf(parse(text)).body.trim()).toBe('Body here.');
  });

  it('accepts a numeric title', () => {
    expect(postOf(parse(postMarkdown({ extra: [] }).replace('title: "A test post"', 'title: 1984'))).title).toBe(
      '1984',
    );
  });

  it('keeps a body that itself holds a --- line (a horizontal rule)', () => {
    const post = postOf(parse(postMarkdown({ body: 'Above.\n\n---\n\nBelow.' })));
    expect(post.body).toContain('Below.');
  });
});

describe('parsePost: each problem names the file, the line and the reason', () => {
  const cases: Array<[string, string | Uint8Array, string]> = [
    [
      'no front matter',
      'Just some text.\n',
      "posts/compost.md:1: no front matter: the file must start with a '---' block holding title, date and url",
    ],
    [
      'front matter never closed',
      '---\ntitle: x\n',
      "posts/compost.md:1: front matter is not closed: add a line '---' after it",
    ],
    [
      'YAML that does not parse',
      '---\ntitle: x\ndate: [2020\nurl: https://e.x/\n---\nbody',
      'posts/compost.md:4: front matter is not valid YAML',
    ],
    [
      'YAML with a bad indent',
      '---\ntitle: x\n  date: 2020-01-02\n---\nbody',
      'posts/compost.md:3: front matter is not valid YAML',
    ],
    [
      'front matter that is not key: value lines',
      '---\n- a\n- b\n---\nbody',
      'posts/compost.md:2: front matter must be a list of "key: value" lines',
    ],
    ['missing title', postMarkdown({ title: null }), 'posts/compost.md:1: front matter has no title'],
    ['empty title', postMarkdown({ title: '  ' }), 'posts/compost.md:2: title is empty'],
    ['title with no value', postMarkdown({ title: null, extra: ['title:'] }), 'posts/compost.md:4: title is empty'],
    [
      'title that is a list',
      postMarkdown({ title: null, extra: ['title: [a, b]'] }),
      'posts/compost.md:4: title must be text',
    ],
    ['missing date', postMarkdown({ date: null }), 'posts/compost.md:1: front matter has no date (YYYY-MM-DD)'],
    [
      'impossible date',
      postMarkdown({ date: '2018-02-30' }),
      'posts/compost.md:3: date "2018-02-30" is not a real date in the form YYYY-MM-DD',
    ],
    [
      'date in another form',
      postMarkdown({ date: '14/09/2018' }),
      'posts/compost.md:3: date "14/09/2018" is not a real date',
    ],
    ['missing url', postMarkdown({ url: null }), 'posts/compost.md:1: front matter has no url'],
    [
      'javascript: url',
      postMarkdown({ url: 'javascript:alert(1)' }),
      'posts/compost.md:4: url "javascript:alert(1)" is not an absolute http(s) address',
    ],
    [
      'relative url',
      postMarkdown({ url: '/posts/compost' }),
      'posts/compost.md:4: url "/posts/compost" is not an absolute http(s) address',
    ],
    [
      'url with a space',
      postMarkdown({ url: 'https://blog.example/a b' }),
      'posts/compost.md:4: url "https://blog.example/a b" is not an absolute',
    ],
    [
      'draft that is not a boolean',
      postMarkdown({ draft: 'later' }),
      'posts/compost.md:5: draft must be true or false',
    ],
    [
      'slug with a slash',
      postMarkdown({ slug: '../etc/passwd' }),
      'posts/compost.md:5: slug "../etc/passwd" may hold only letters',
    ],
    ['empty file', '', 'posts/compost.md:1: file is empty'],
    ['only blank lines', '\n \n\t\n', 'posts/compost.md:1: file is empty'],
    [
      'invalid UTF-8 (binary)',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]),
      'posts/compost.md:1: not valid UTF-8 text (a binary file?)',
    ],
    ['NUL bytes', `${postMarkdown()}\u0000\u0000`, 'posts/compost.md:1: not a text file (it contains NUL bytes)'],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(problemOf(parse(text))).toContain(expected);
  });

  it('refuses a file over the size limit without decoding it', () => {
    const big = new Uint8Array(MAX_POST_BYTES + 1).fill(0x61);
    expect(problemOf(parse(big))).toBe('posts/compost.md:1: file is 2.0 MB, over the 2 MB limit for one post');
  });
});

describe('parsePost: drafts', () => {
  it('reports draft: true as a draft (not served), with its line', () => {
    const parsed = parse(postMarkdown({ draft: true }));
    if (parsed.kind !== 'draft') throw new Error(`expected a draft, got ${parsed.kind}`);
    expect(formatProblem(parsed.problem)).toBe('posts/compost.md:5: draft: true, not served until it is false');
  });

  it('serves draft: false', () => {
    expect(parse(postMarkdown({ draft: false })).kind).toBe('post');
  });
});

describe('helpers', () => {
  it('slugFromFile drops folders and the .md extension', () => {
    expect(slugFromFile('a/b/My-Post.MD')).toBe('My-Post');
  });

  it.each([
    ['2018-02-28', true],
    ['2020-02-29', true],
    ['2019-02-29', false],
    ['2018-02-30', false],
    ['2018-13-01', false],
    ['2018-1-01', false],
    ['2018-01-01T00:00:00Z', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['https://blog.example/a', true],
    ['http://blog.example', true],
    ['javascript:alert(1)', false],
    ['ftp://blog.example/', false],
    ['https://', false],
    ['blog.example/a', false],
    ['https://blog.example/"onmouseover', false],
  ])('isWebUrl(%s) is %s', (value, expected) => {
    expect(isWebUrl(value)).toBe(expected);
  });
});
