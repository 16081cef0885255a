import { beforeAll, describe, expect, it } from 'vitest';
import { latest } from '../../commands/latest.js';
import { Library } from '../../src/library.js';
import { plainText } from '../../src/replies/render.js';
import { context, contentDir, ESSAYS } from '../content/factories.js';

let library: Library;
beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
});

describe('/latest', () => {
  it('shows the 5 newest posts by default, newest first, one line each with link, date and summary', async () => {
    const reply = await latest.run({}, context(library));
    expect(reply.cards).toHaveLength(1);
    const lines = plainText(reply.cards[0]!.body).split('\n');
    expect(lines.map((line) => /· (\d{4}-\d\d-\d\d)/.exec(line)?.[1])).toEqual([
      '2018-12-18',
      '2018-11-02',
      '2018-10-19',
      '2018-10-02',
      '2018-09-14',
    ]);
    expect(lines[0]).toBe(
      'The comeback of Research <https://cloudinthealps.mandin.net/2018/12/18/the-comeback-of-research/> · ' +
        '2018-12-18 — What follows below is an expression a purely personal opinion, based on my experience.',
    );
  });

  it('count is clamped to 1-10 and a non-number falls back to 5', async () => {
    const count = async (value: unknown) =>
      plainText((await latest.run({ count: value as number }, context(library))).cards[0]!.body).split('\n').length;
    expect(await count(3)).toBe(3);
    expect(await count(50)).toBe(10);
    expect(await count(0)).toBe(1);
    expect(await count('abc')).toBe(5);
  });

  it('an empty blog says it has no posts yet', async () => {
    const empty = await Library.open({ contentDir: contentDir() });
    expect(plainText((await latest.run({}, context(empty))).text)).toBe('The blog has no posts yet.');
  });
});
