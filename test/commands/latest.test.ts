import { beforeAll, describe, expect, it } from 'vitest';
import { latest } from '../../commands/latest.js';
import { Library } from '../../src/library.js';
import { plainText } from '../../src/replies/render.js';
import { user } from '../../src/replies/reply.js';
import { context, contentDir, ESSAYS } from '../content/factories.js';

let library: Library;
beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
});

describe('/latest', () => {
  it('shows the 5 newest posts by default, newest first, each with link, date and summary', async () => {
    const reply = await latest.run({}, context(library));
    expect(plainText(reply.text)).toBe('The 5 newest posts:');
    expect(reply.cards.map((card) => card.date)).toEqual(['2018-12-18', '2018-11-02', '2018-10-19', '2018-10-02', '2018-09-14']);
    expect(reply.cards[0]).toEqual({
      title: 'The comeback of Research',
      url: 'https://cloudinthealps.mandin.net/2018/12/18/the-comeback-of-research/',
      date: '2018-12-18',
      body: [user('What follows below is an expression a purely personal opinion, based on my experience.')],
    });
  });

  it('count is clamped to 1-10 and a non-number falls back to 5', async () => {
    expect((await latest.run({ count: 3 }, context(library))).cards).toHaveLength(3);
    expect((await latest.run({ count: 50 }, context(library))).cards).toHaveLength(10);
    expect((await latest.run({ count: 0 }, context(library))).cards).toHaveLength(1);
    expect((await latest.run({ count: 'abc' }, context(library))).cards).toHaveLength(5);
  });

  it('an empty blog says it has no posts yet', async () => {
    const empty = await Library.open({ contentDir: contentDir() });
    expect(plainText((await latest.run({}, context(empty))).text)).toBe('The blog has no posts yet.');
  });
});
