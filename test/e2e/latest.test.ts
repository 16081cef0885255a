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
  it('lists the 5 newest posts, newest first, in one compact embed with one line per post', async () => {
    const reply = await t.discord.sendCommand('latest');
    const callback = await reply.callback();
    expect(callback.type).toBe(4);
    const embeds = callback.data!.embeds as Array<Record<string, any>>;
    expect(embeds).toHaveLength(1);
    const lines = String(embeds[0]!.description).split('\n');
    expect(lines).toHaveLength(5);
    for (const [i, line] of lines.entries()) {
      expect(line).toContain(`](${newestFirst[i]!.url})`);
      expect(line).toContain(newestFirst[i]!.date);
    }
    expect(callback.data!.allowed_mentions).toEqual({ parse: [] });
    expect(limitProblems(callback.data!)).toEqual([]);
  });

  it('count:2 gives the 2 newest', async () => {
    const reply = await t.discord.sendCommand('latest', { count: 2 });
    const data = await reply.final();
    const lines = String(data.embeds[0].description).split('\n');
    expect(lines.map((line, i) => line.includes(`](${newestFirst[i]!.url})`))).toEqual([true, true]);
  });
});
