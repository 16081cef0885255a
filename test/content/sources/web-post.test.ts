// One web item to one post: dates as written, slugs from links, and the reasons an item is skipped.
import { describe, expect, it } from 'vitest';
import { cleanSlug, slugFromLink, webDate, webPost } from '../../../src/content/sources/web-post.js';

describe('webDate keeps the day as written', () => {
  it.each([
    ['2020-01-02', '2020-01-02'],
    ['2020-01-02T23:30:00-05:00', '2020-01-02'],
    ['2020-01-02T00:30:00+09:00', '2020-01-02'],
    ['2020-01-02 10:00:00', '2020-01-02'],
    ['Thu, 02 Jan 2020 23:30:00 -0500', '2020-01-02'],
    ['2 Jan 2020 10:00 GMT', '2020-01-02'],
    ['Sat, 1 September 18 10:00:00 GMT', '2018-09-01'],
    ['January 2, 2020', '2020-01-02'],
    ['2020-02-30', undefined],
    ['Fri, 30 Feb 2020 10:00:00 GMT', undefined],
    ['someday', undefined],
    [undefined, undefined],
  ])('%s → %s', (value, expected) => {
    expect(webDate(value)).toBe(expected);
  });
});

describe('slugs', () => {
  it.each([
    ['https://blog.example/2020/01/02/hello-world/', 'hello-world'],
    ['https://blog.example/posts/hello.html', 'hello'],
    ['https://blog.example/caf%C3%A9-cr%C3%A8me', 'cafe-creme'],
    ['https://blog.example/?p=12', ''],
    ['https://blog.example/a b', 'a-b'],
  ])('slugFromLink(%s) is %s', (link, slug) => {
    expect(slugFromLink(link)).toBe(slug);
  });

  it('cleanSlug keeps letters, digits, dots, underscores and dashes', () => {
    expect(cleanSlug('Hello, World! (2)')).toBe('Hello-World-2');
    expect(cleanSlug('…')).toBe('');
  });
});

describe('webPost', () => {
  const item = {
    where: 'https://b.example/feed item 1',
    title: 'A post',
    link: 'https://b.example/a-post/',
    date: '2020-01-02',
    html: '<p>Words.</p>',
  };

  it('makes a post keyed by the item id within its source', () => {
    const made = webPost(
      { ...item, id: 'urn:1', summaryHtml: '<p>Short &amp; sweet [&hellip;]</p>', tags: ['a', 'a', ' b '] },
      'feed:https://b.example/feed',
      'https://b.example/feed',
    );
    expect(made).toMatchObject({
      kind: 'post',
      fullText: true,
      post: {
        slug: 'a-post',
        body: 'Words.',
        summary: 'Short & sweet […]',
        tags: ['a', 'b'],
        source: 'feed:https://b.example/feed',
        id: 'urn:1',
      },
    });
  });

  it("uses WordPress's slug when given", () => {
    expect(webPost({ ...item, slug: 'given' }, 's', 'https://b.example/')).toMatchObject({ post: { slug: 'given' } });
  });

  it.each([
    [{ date: undefined }, 'item "A post" has no date: skipped'],
    [{ date: 'soon' }, 'item "A post" has a date that cannot be read ("soon"): skipped'],
    [{ html: '  ', summaryHtml: undefined }, 'item "A post" has no text (neither full text nor summary): skipped'],
    [{ title: '   ' }, 'item has no title: skipped'],
    [
      { link: 'data:text/html,hi' },
      'item "A post" has a link that is not an absolute http(s) address (data:text/html,hi): skipped',
    ],
  ])('skips %j', (change, reason) => {
    const made = webPost({ ...item, ...change }, 's', 'https://b.example/');
    expect(made.kind === 'problem' && made.problem.reason).toBe(reason);
  });
});
