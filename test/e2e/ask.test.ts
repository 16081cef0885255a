// /ask through the real client: one answer (callback type 4) linking the right post, within Discord's limits, no pings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitProblems, nextUserId, postUrl, startTestBot, type TestBot } from '../support/test-bot.js';

// A post built to overflow every limit: a 400-character title and one 12,000-character paragraph.
const HUGE_TITLE = `Gargantuan ${'overlong title words '.repeat(20)}`.trim();
const HUGE_POST =
  `---\ntitle: "${HUGE_TITLE}"\ndate: 2019-06-01\nurl: https://example.com/huge/\n---\n\n` +
  `${'The gargantuan paragraph about mammoth tapirs keeps going without a break. '.repeat(160)}\n`;

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ extraFiles: { 'huge.md': HUGE_POST } });
});
afterAll(async () => {
  await t?.stop();
});

const ask = (options: Record<string, string | number | boolean>) =>
  t.discord.sendCommand('ask', options, { userId: nextUserId() });

describe('/ask', () => {
  it('answers a dev-set question with an embed linking the right post and an excerpt', async () => {
    const url = await postUrl('blameless-post-mortem');
    const reply = await ask({ question: 'Why should post-mortems be blameless?' });
    const callback = await reply.callback();
    expect(callback.type).toBe(4);
    expect(reply.callbacks).toHaveLength(1);
    const data = callback.data!;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(Number(data.flags ?? 0) & 64).toBe(0);
    expect(data.embeds.length).toBeGreaterThanOrEqual(1);
    expect(data.embeds.length).toBeLessThanOrEqual(3);
    const top = data.embeds[0];
    expect(String(top.url).startsWith(url)).toBe(true);
    expect(top.title).toBe('Blameless post-mortem');
    expect(top.description).toMatch(/trust|blame|finger/i);
    expect(limitProblems(data)).toEqual([]);
    // Nothing else went out for it: no defer, no edit, no follow-up.
    expect(reply.edits).toEqual([]);
    expect(reply.followUps).toEqual([]);
  });

  it('private:true answers ephemerally (flags 64)', async () => {
    const reply = await ask({ question: 'Why should post-mortems be blameless?', private: true });
    const callback = await reply.callback();
    expect(callback.type).toBe(4);
    expect(Number(callback.data!.flags) & 64).toBe(64);
    expect(callback.data!.embeds.length).toBeGreaterThanOrEqual(1);
  });

  it('results:1 gives one embed', async () => {
    const reply = await ask({ question: 'What is an autonomic system?', results: 1 });
    const data = await reply.final();
    expect(data.embeds).toHaveLength(1);
    expect(String(data.embeds[0].url).startsWith(await postUrl('autonomous-versus-autonomic-systems'))).toBe(true);
  });

  it('answers in a DM too', async () => {
    const reply = await t.discord.sendCommand(
      'ask',
      { question: 'What is an autonomic system?' },
      { dm: true, userId: nextUserId() },
    );
    const data = await reply.final();
    expect(String(data.embeds[0].url).startsWith(await postUrl('autonomous-versus-autonomic-systems'))).toBe(true);
  });

  it('answers a command it does not know (a stale registration) with an ephemeral sentence', async () => {
    const reply = await t.discord.sendCommand('ping', {}, { userId: nextUserId() });
    const callback = await reply.callback();
    expect(callback.type).toBe(4);
    expect(callback.data!.content).toMatch(/Unknown command \/ping/);
    expect(Number(callback.data!.flags) & 64).toBe(64);
  });

  it('says so when nothing matches', async () => {
    const reply = await ask({ question: 'chocolate cake recipe' });
    const data = await reply.final();
    expect(data.content).toMatch(/No good match/);
    expect(data.embeds ?? []).toEqual([]);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(limitProblems(data)).toEqual([]);
  });

  it('keeps a huge post within Discord limits', async () => {
    const data = await (await ask({ question: 'gargantuan mammoth tapirs', results: 5 })).final();
    expect(data.embeds[0].url).toMatch(/^https:\/\/example\.com\/huge\//);
    expect(limitProblems(data)).toEqual([]);
    const latest = await (await t.discord.sendCommand('latest', { count: 10 })).final();
    expect(latest.embeds).toHaveLength(1);
    const lines = String(latest.embeds[0].description).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('](https://example.com/huge/)'); // the newest: its title and summary are cut
    expect(lines[0]!.length).toBeLessThanOrEqual(400);
    expect(limitProblems(latest)).toEqual([]);
  });

  it('keeps every answer within Discord limits, even for a long question asking for 5 results', async () => {
    const question = `${'kubernetes security edge iot hololens research job ai roots autonomic '.repeat(7)}`.slice(
      0,
      500,
    );
    const reply = await ask({ question, results: 5 });
    const data = await reply.final();
    expect(data.embeds.length).toBeLessThanOrEqual(5);
    expect(limitProblems(data)).toEqual([]);
  });
});
