import { beforeAll, describe, expect, it } from 'vitest';
import { post } from '../../commands/post.js';
import { Library } from '../../src/library.js';
import { plainText, toDiscord } from '../../src/replies/render.js';
import { context, ESSAYS } from '../content/factories.js';
import { expectWithinDiscordLimits } from '../replies/limits.js';

let library: Library;
beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
});

describe('/post', () => {
  it("shows one post's card: title, date, link, and how it begins, with a Read the post link button", async () => {
    const reply = await post.run({ title: 'blameless-post-mortem' }, context(library));
    expect(reply.private).toBe(false);
    expect(reply.cards).toHaveLength(1);
    const [card] = reply.cards;
    expect(card).toMatchObject({
      title: 'Blameless post-mortem',
      url: 'https://cloudinthealps.mandin.net/?s=Blameless+post-mortem',
      date: '2018-09-14',
    });
    expect(plainText(card!.body)).toMatch(/^Nope, my new position is not dead yet/);
    expect(reply.buttons).toEqual([{ url: card!.url, label: 'Read the post', emoji: '📖' }]);
    expectWithinDiscordLimits(toDiscord(reply));
  });

  it('finds a post by its title in any case, or by the closest title to what was typed', async () => {
    for (const typed of ['Blameless post-mortem', 'BLAMELESS POST-MORTEM', 'blameless']) {
      expect((await post.run({ title: typed }, context(library))).cards[0]?.title).toBe('Blameless post-mortem');
    }
  });

  it('says privately when no title comes close', async () => {
    const reply = await post.run({ title: 'zzqx' }, context(library));
    expect(reply).toMatchObject({ cards: [], private: true, isError: true });
    expect(plainText(reply.text)).toContain('No post has a title like “zzqx”');
  });

  it('asks which post when no title is given (the console lets that through)', async () => {
    const reply = await post.run({ title: ' ' }, context(library));
    expect(reply).toMatchObject({ cards: [], private: true, isError: true });
    expect(plainText(reply.text)).toMatch(/^Which post\? Give its title after \/post\./);
  });

  it('suggests the newest titles on empty input, matching ones as the member types; each finds its post', async () => {
    const newest = post.autocomplete!('title', '', { library });
    expect(newest.map((choice) => choice.name).slice(0, 3)).toEqual(library.latest(3).map((latest) => latest.title));
    const typed = post.autocomplete!('title', 'holo', { library });
    expect(typed[0]?.name).toBe('Testing out Hololens');
    for (const choice of [...newest, ...typed]) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect((await post.run({ title: choice.value }, context(library))).cards[0]?.title).toBe(choice.name);
    }
  });
});
