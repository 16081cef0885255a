// /latest through the real client: newest first by front-matter date, 5 by default.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT, limitProblems, startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
let newestFirst: Array<{ title: string; url: string; date: string }>;
beforeAll(async () => {
  t = await startTestBot();
  // Read the dates straight from the files, independently of the bot's parser.
  const posts = [];
  for (const file of (await readdir(CONTENT)).filter((f) => f.endsWith('.md'))) {
    const text = await readFile(path.join(CONTENT, file), 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*"?(.*?)"?\\s*$`, 'm').exec(text)![1]!;
    posts.push({ title: field('title'), url: field('url'), date: field('date') });
  }
  newestFirst = posts.sort((a, b) => b.date.localeCompare(a.date));
});
afterAll(async () => {
  await t?.stop();
});

describe('/latest', () => {
  it('lists the 5 newest posts, newest first, without count', async () => {
    const reply = await t.discord.sendCommand('latest');
    const callback = await reply.callback();
    expect(callback.type).toBe(4);
    const embeds = callback.data!.embeds as Array<Record<string, any>>;
    expect(embeds).toHaveLength(5);
    expect(embeds.map((e) => e.url)).toEqual(newestFirst.slice(0, 5).map((p) => p.url));
    for (const [i, e] of embeds.entries()) expect(e.description).toContain(newestFirst[i]!.date);
    expect(callback.data!.allowed_mentions).toEqual({ parse: [] });
    expect(limitProblems(callback.data!)).toEqual([]);
  });

  it('count:2 gives the 2 newest', async () => {
    const reply = await t.discord.sendCommand('latest', { count: 2 });
    const data = await reply.final();
    expect(data.embeds.map((e: Record<string, any>) => e.url)).toEqual(newestFirst.slice(0, 2).map((p) => p.url));
  });
});
