// /help and /post through the real client: help is private with examples from the content; /post shows one card
// with a link button; its autocomplete offers the newest titles on empty input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitProblems, nextUserId, postUrl, startTestBot, type TestBot } from '../support/test-bot.js';
import type { Json } from '../support/fake-discord.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t?.stop();
});

describe('/help and /post', () => {
  it('/help answers privately with three example questions, each of which the blog answers', async () => {
    const data = await (await t.discord.sendCommand('help', {}, { userId: nextUserId() })).final();
    expect(Number(data.flags) & 64).toBe(64);
    const tries = String(data.content).split('Try:')[1] ?? '';
    const examples = [...tries.matchAll(/`\/ask question:([^`]+)`/g)].map((m) => m[1]!);
    expect(examples).toHaveLength(3);
    for (const example of examples) {
      const answer = await (
        await t.discord.sendCommand('ask', { question: example }, { userId: nextUserId() })
      ).final();
      expect(answer.embeds.length).toBeGreaterThan(0);
    }
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it("/post shows one post's card with its link, date and first passage, and a Read the post link button", async () => {
    const url = await postUrl('blameless-post-mortem');
    const data = await (
      await t.discord.sendCommand('post', { title: 'blameless-post-mortem' }, { userId: nextUserId() })
    ).final();
    expect(data.embeds).toHaveLength(1);
    expect(data.embeds[0]).toMatchObject({ title: 'Blameless post-mortem', url });
    expect(data.embeds[0].description).toContain('2018-09-14');
    expect(data.embeds[0].description).toContain('Nope, my new position is not dead yet');
    const buttons = (data.components as Json[]).flatMap((row) => row.components as Json[]);
    expect(buttons).toEqual([{ type: 2, style: 5, url, label: 'Read the post', emoji: { name: '📖' } }]);
    expect(limitProblems(data)).toEqual([]);
  });

  it('/post autocomplete offers the newest titles on empty input', async () => {
    const handle = await t.discord.sendAutocomplete('post', { title: '' }, 'title', { userId: nextUserId() });
    const callback = await handle.callback();
    expect(callback.type).toBe(8);
    const choices = callback.data!.choices as Array<{ name: string; value: string }>;
    expect(choices[0]!.name).toBe('The comeback of Research');
    expect(choices.length).toBeGreaterThanOrEqual(5);
  });
});
