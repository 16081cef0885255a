// Several sources at once: slugs go to the first source that has them, one failing source does not stop the others.
import { describe, expect, it } from 'vitest';
import { createSources } from '../../../src/content/sources/create.js';
import { readSources } from '../../../src/content/sources/read-all.js';
import { contentDir, postMarkdown } from '../factories.js';
import { rssFeed } from './feeds.js';
import { closedPort, webServer } from './web-server.js';

describe('readSources', () => {
  it('reads a folder and a feed; a duplicate slug in a later source is a problem, a dead one an outcome', async () => {
    const dir = contentDir({ 'compost.md': postMarkdown({ title: 'Compost (folder)' }) });
    const server = await webServer({
      '/feed': {
        body: rssFeed([
          {
            title: 'Compost (feed)',
            link: 'https://b.example/compost/',
            date: '2020-01-02',
            html: '<p>x</p>',
            id: 'f1',
          },
          { title: 'Leaves', link: 'https://b.example/leaves/', date: '2020-01-03', html: '<p>y</p>', id: 'f2' },
        ]),
      },
    });
    const port = await closedPort();
    const made = createSources(`${dir},feed:${server.origin}/feed,feed:http://127.0.0.1:${port}/feed`);
    if (!made.ok) throw new Error(made.error);
    const all = await readSources(made.sources);
    expect(all.posts.map((post) => [post.source.split(':')[0], post.slug, post.title])).toEqual([
      ['folder', 'compost', 'Compost (folder)'],
      ['feed', 'leaves', 'Leaves'],
    ]);
    expect(all.problems).toEqual([
      {
        file: 'https://b.example/compost/',
        line: 1,
        reason: `slug "compost" is already used by compost.md (${dir})`,
        id: 'f1',
        source: `feed:${server.origin}/feed`,
      },
    ]);
    expect(all.outcomes.map(({ status, posts, reason }) => ({ status, posts, reason }))).toEqual([
      { status: 'read', posts: 1, reason: undefined },
      { status: 'read', posts: 1, reason: undefined },
      { status: 'failed', posts: 0, reason: `127.0.0.1:${port} refused the connection: nothing is listening there.` },
    ]);
  });

  it('reports unchanged sources given their last keys, and their outcomes can be sent to another thread', async () => {
    const server = await webServer({
      '/feed': { body: rssFeed([{ title: 'A', link: 'https://b.example/a/', date: '2020-01-02', html: '<p>x</p>' }]) },
    });
    const made = createSources(`feed:${server.origin}/feed`);
    if (!made.ok) throw new Error(made.error);
    const first = await readSources(made.sources);
    const since = Object.fromEntries(first.outcomes.map((outcome) => [outcome.source, outcome.key!]));
    const again = await readSources(made.sources, { since: structuredClone(since) });
    expect(again.outcomes.map((outcome) => outcome.status)).toEqual(['unchanged']);
    expect(structuredClone(first)).toEqual(first);
  });

  it('claims the slugs of posts a caller keeps (a failed source) in source order, before later sources', async () => {
    const port = await closedPort();
    const server = await webServer({
      '/feed': {
        body: rssFeed([
          {
            title: 'Compost again',
            link: 'https://b.example/compost/',
            date: '2020-01-02',
            html: '<p>x</p>',
            id: 'f1',
          },
        ]),
      },
    });
    const made = createSources(`feed:http://127.0.0.1:${port}/feed,feed:${server.origin}/feed`);
    if (!made.ok) throw new Error(made.error);
    const kept: string[] = [];
    const all = await readSources(made.sources, {
      lastGood: (outcome) =>
        outcome.status === 'failed' ? [{ slug: 'compost', file: 'https://a.example/compost/' }] : [],
      onKept: (post) => kept.push(post.slug),
    });
    expect(kept).toEqual(['compost']);
    expect(all.posts).toEqual([]);
    expect(all.problems).toEqual([
      expect.objectContaining({
        id: 'f1',
        reason: expect.stringMatching(/^slug "compost" is already used by https:\/\/a\.example\/compost\//),
      }),
    ]);
  });
});
