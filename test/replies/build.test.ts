// Where a reply's words are chosen: the model holds plain text, someone else's words marked as such.
import { describe, expect, it } from 'vitest';
import { answerReply, latestReply, reloadReply } from '../../src/replies/build.js';
import { toMarkdown } from '../../src/replies/markdown.js';
import { plainText } from '../../src/replies/render.js';
import { code, link, quote, user, type Inline } from '../../src/replies/reply.js';
import { answer, postRef, reloadReport, result } from '../content/factories.js';

const userParts = (text: readonly Inline[]) =>
  text.flatMap((inline) => (typeof inline === 'object' && inline.kind === 'user' ? [inline.text] : []));

describe('answerReply', () => {
  it('one result: a card with title, highlighted excerpt, date and deep link; the footer names the keywords', () => {
    const asked = answer();
    const reply = answerReply(asked);
    expect(reply).toEqual({
      question: { text: 'compost heap' },
      text: ['The best match in the blog:'],
      cards: [
        {
          title: 'Compost heaps',
          url: 'https://blog.example/compost/#:~:text=Compost',
          date: '2020-01-02',
          body: [quote(result().excerpt)],
        },
      ],
      footer: ['Searched for: ', user('compost, heap')],
      private: false,
      source: { kind: 'answer', answer: asked },
    });
  });

  it('several results: one card each, best first, and the count in the text', () => {
    const reply = answerReply(
      answer({ results: [result({ title: 'First' }), result({ title: 'Second' }), result({ title: 'Third' })] }),
    );
    expect(plainText(reply.text)).toBe('The 3 best matches in the blog:');
    expect(reply.cards.map((card) => card.title)).toEqual(['First', 'Second', 'Third']);
  });

  it('private: only the asker sees it', () => {
    expect(answerReply(answer(), { private: true }).private).toBe(true);
  });

  it('not sure: says so, echoes the question, offers posts that may help as muted cards with their passages', () => {
    const related = [
      result({ title: 'One', link: 'https://blog.example/1#:~:text=a' }),
      result({ title: 'Two', date: '2019-05-06' }),
    ];
    const reply = answerReply(
      answer({ query: 'bananas in space', keywords: ['bananas', 'space'], results: [], related }),
    );
    expect(plainText(reply.text)).toBe(
      'Not sure — no post clearly answers “bananas in space”, but these posts may help:',
    );
    expect(reply.cards).toEqual([
      {
        title: 'One',
        url: 'https://blog.example/1#:~:text=a',
        date: '2020-01-02',
        body: [quote(related[0]!.excerpt)],
        uncertain: 'not sure',
      },
      {
        title: 'Two',
        url: related[1]!.link,
        date: '2019-05-06',
        body: [quote(related[1]!.excerpt)],
        uncertain: 'not sure',
      },
    ]);
    expect(plainText(reply.footer!)).toBe('Searched for: bananas, space');
    expect(
      plainText(answerReply(answer({ query: 'bananas', results: [], related: related.slice(0, 1) })).text),
    ).toMatch(/, but this post may help:$/);
  });

  it('no good match: says so, echoes the question, shows no card, and suggests other words and /latest', () => {
    const reply = answerReply(answer({ query: 'zzz', keywords: ['zzz'], results: [], related: [] }));
    expect(plainText(reply.text)).toBe(
      'No good match in the blog for “zzz”.\nTry other words, or see the newest posts with /latest.',
    );
    expect(reply.text).toContainEqual(code('/latest'));
    expect(reply.cards).toEqual([]);
  });

  it('a question with no words to search for gets a private hint, not a search', () => {
    const reply = answerReply(answer({ query: 'what is the', keywords: [], results: [] }));
    expect(plainText(reply.text)).toMatch(/^Your question has no words to search for\./);
    expect(reply.private).toBe(true);
    expect(reply.footer).toBeUndefined();
  });

  it("echoes the question and keywords as the member's own words: as written, marked for renderers to escape", () => {
    const query = '@everyone <@123456789012345678> **x** [a](https://e.x) @here';
    const reply = answerReply(answer({ query, keywords: ['x'], results: [] }));
    expect(userParts(reply.text)).toEqual([query]);
    expect(userParts(reply.footer!)).toEqual(['x']);
    expect(toMarkdown(reply.text)).not.toMatch(/@(everyone|here)|<@\d+>/);
  });

  it('shortens a long question to 200 characters in the echo', () => {
    const reply = answerReply(answer({ query: 'word '.repeat(300), keywords: ['word'], results: [] }));
    const [echoed] = userParts(reply.text);
    expect(echoed!.length).toBeLessThanOrEqual(200);
    expect(echoed!.endsWith('…')).toBe(true);
  });
});

describe('latestReply', () => {
  const latest = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      ...postRef({ slug: `p${i}`, title: `Post ${i}`, url: `https://blog.example/${i}` }),
      summary: `Summary *${i}* @everyone`,
    }));

  it("one compact card, a line per post: linked title, date and the start of its summary as the author's words", () => {
    const posts = latest(3);
    const reply = latestReply(posts);
    expect(reply.cards).toHaveLength(1);
    expect(reply.cards[0]!.title).toBe('The 3 newest posts');
    const lines = plainText(reply.cards[0]!.body).split('\n');
    expect(lines).toEqual(
      [0, 1, 2].map((i) => `Post ${i} <https://blog.example/${i}> · 2020-01-02 — Summary *${i}* @everyone`),
    );
    expect(reply.cards[0]!.body).toContainEqual(link('Post 1', 'https://blog.example/1'));
    expect(reply.cards[0]!.body).toContainEqual(user('Summary *1* @everyone'));
    expect(reply.private).toBe(false);
    expect(reply.source).toEqual({ kind: 'latest', posts });
  });

  it('cuts a long summary so each post stays one line', () => {
    const [post] = latest(1);
    const reply = latestReply([{ ...post!, summary: `${'word '.repeat(60)}\nsecond line` }]);
    const line = plainText(reply.cards[0]!.body);
    expect(line).not.toContain('\n');
    expect(line.endsWith('…')).toBe(true);
  });

  it('one post / no post', () => {
    expect(latestReply(latest(1)).cards[0]!.title).toBe('The newest post');
    expect(latestReply([])).toEqual({
      text: ['The blog has no posts yet.'],
      cards: [],
      private: false,
      source: { kind: 'latest', posts: [] },
    });
  });
});

describe('reloadReply', () => {
  it('counts what was served and lists added, changed and removed posts', () => {
    const reply = reloadReply(
      reloadReport({ added: ['new-one'], changed: ['a', 'b'], removed: ['old'], postCount: 12 }),
    );
    expect(plainText(reply.text)).toBe(
      'Reloaded: 12 posts served.\nAdded (1): new-one\nChanged (2): a, b\nRemoved (1): old',
    );
    expect(reply.private).toBe(true);
  });

  it('says when nothing changed, and 1 post in the singular', () => {
    expect(plainText(reloadReply(reloadReport({ postCount: 1 })).text)).toBe(
      'Reloaded: 1 post served.\nNo post changed.',
    );
  });

  it('names each source that could not be read, with why, and what the sources said', () => {
    const feed = 'feed:https://blog.example/feed';
    const reply = reloadReply(
      reloadReport({
        sources: [
          {
            source: feed,
            label: 'https://blog.example/feed',
            status: 'failed',
            cause: 'http-status',
            reason: 'https://blog.example/feed answered 500 (Internal Server Error).',
            posts: 0,
            notes: [],
          },
          {
            source: 'wordpress:https://w.example/',
            label: 'https://w.example/',
            status: 'read',
            posts: 4,
            notes: ['https://w.example/ gives summaries only, not the full text.'],
          },
        ],
      }),
    );
    expect(plainText(reply.text).split('\n').slice(2)).toEqual([
      'Could not read https://blog.example/feed: https://blog.example/feed answered 500 (Internal Server Error). Its ' +
        'last good posts are still served.',
      'Note: https://w.example/ gives summaries only, not the full text.',
    ]);
  });

  it('lists each problem as FILE:LINE: reason and whether the last good version is kept', () => {
    const reply = reloadReply(
      reloadReport({
        problems: [
          {
            source: 'content',
            file: 'a.md',
            line: 3,
            reason: 'date "2018-02-30" is not a real date in the form YYYY-MM-DD',
            kept: true,
          },
          { source: 'content', file: 'new_post.md', line: 1, reason: 'file is empty', kept: false },
        ],
        drafts: [{ file: 'soon_ish.md', line: 5, reason: 'draft: true, not served until it is false' }],
      }),
    );
    expect(plainText(reply.text).split('\n').slice(2)).toEqual([
      'Files with problems (2):',
      '• a.md:3: date "2018-02-30" is not a real date in the form YYYY-MM-DD (last good version kept)',
      '• new_post.md:1: file is empty',
      'Drafts not served: soon_ish.md',
    ]);
    expect(userParts(reply.text)).toEqual([
      'a.md:3: date "2018-02-30" is not a real date in the form YYYY-MM-DD',
      'new_post.md:1: file is empty',
      'soon_ish.md',
    ]);
  });

  it('shows the first 15 problems and points to npm run check for the rest', () => {
    const problems = Array.from({ length: 20 }, (_, i) => ({
      source: 'content',
      file: `f${i}.md`,
      line: 1,
      reason: 'file is empty',
      kept: false,
    }));
    const lines = plainText(reloadReply(reloadReport({ problems })).text).split('\n');
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(15);
    expect(lines.at(-1)).toBe('…and 5 more (run npm run check).');
  });

  it('marks slugs as names taken from the content folder, so an underscore is escaped for Discord', () => {
    const reply = reloadReply(reloadReport({ added: ['my_post', 'other_post'] }));
    expect(userParts(reply.text)).toEqual(['my_post, other_post']);
    expect(toMarkdown(reply.text)).toContain('Added (2): my\\_post, other\\_post');
  });

  it('never pings through a file name', () => {
    const reply = reloadReply(
      reloadReport({
        problems: [{ source: 'content', file: '@everyone.md', line: 1, reason: 'file is empty', kept: false }],
        drafts: [{ file: '@here.md', line: 1, reason: 'draft' }],
      }),
    );
    expect(toMarkdown(reply.text)).not.toMatch(/@(everyone|here)/);
  });
});
