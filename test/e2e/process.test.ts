// The real process (src/main.ts as a child) against the fake Discord: answers /ask, reloads on SIGHUP,
// finishes the reply in flight on SIGTERM and exits 0, never prints the token.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../support/fake-discord.js';
import { botProcesses, expectNoSecret } from '../support/bot-process.js';
import { CONTENT, nextUserId, postUrl, type ChildRun } from '../support/test-bot.js';
import { entryOf, essays, rssFeed } from '../content/sources/feeds.js';
import { webServer } from '../content/sources/web-server.js';

const CALLBACK = /^POST \/api\/v10\/interactions\/\d+\/[^/]+\/callback$/;
const procs = botProcesses();

describe('the bot process (node --import tsx src/main.ts: signals reach it directly)', () => {
  let discord: FakeDiscord;
  let bot: ChildRun;
  let contentDir: string;
  beforeAll(async () => {
    discord = await procs.fake();
    contentDir = await procs.content();
    bot = procs.run({
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_DIR: contentDir,
      LOG_LEVEL: 'debug',
    });
    await bot.waitForOutput(/"msg":"bot ready"/);
    await discord.waitForIdentify();
  });

  it('answers /ask and registers nothing', async () => {
    const reply = await discord.sendCommand(
      'ask',
      { question: 'Why should post-mortems be blameless?' },
      { userId: nextUserId() },
    );
    const data = await reply.final();
    expect(String(data.embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
    expect(discord.requests.filter((r) => r.path.includes('/commands'))).toEqual([]);
  });

  it('reloads the content on SIGHUP', async () => {
    await appendFile(path.join(contentDir, 'iot-challenges.md'), '\nThe axolotl registry keeps every sensor record.\n');
    bot.child.kill('SIGHUP');
    await bot.waitForOutput(/"msg":"reload done"/);
    expect(bot.stderr).toMatch(/"changed":\["iot-challenges"\]/);
    const data = await (
      await discord.sendCommand('ask', { question: 'axolotl registry' }, { userId: nextUserId() })
    ).final();
    expect(String(data.embeds[0].description)).toMatch(/axolotl/i);
    expect(String(data.embeds[0].url).startsWith(await postUrl('iot-challenges'))).toBe(true);
  });

  it('survives Discord failing a callback (500s): logs it, stays up, answers the next /ask', async () => {
    discord.failNext(CALLBACK, { status: 500 }, 4); // discord.js retries a 5xx 3 times
    const failing = await discord.sendCommand('ask', { question: 'edge tpu' }, { userId: nextUserId() });
    expect((await failing.callback()).data?.content).toMatch(/Sorry, something went wrong/);
    await bot.waitForOutput(/"msg":"could not answer an interaction"/);
    expect(bot.child.exitCode).toBe(null);
    const data = await (
      await discord.sendCommand(
        'ask',
        { question: 'What did the author try at the Porsche museum?' },
        { userId: nextUserId() },
      )
    ).final();
    expect(String(data.embeds[0].url).startsWith(await postUrl('testing-out-hololens'))).toBe(true);
  });

  it('on SIGTERM finishes the reply in flight, then exits 0', async () => {
    // The callback gets a 429 (retry after 1 s): the interaction is in flight when SIGTERM arrives.
    discord.failNext(CALLBACK, { status: 429, retryAfter: 1 });
    const reply = await discord.sendCommand(
      'ask',
      { question: 'What is an autonomic system?' },
      { userId: nextUserId() },
    );
    await expect.poll(() => discord.requests.some((r) => r.status === 429), { timeout: 5000 }).toBe(true);
    bot.child.kill('SIGTERM');
    const data = await reply.final();
    expect(String(data.embeds[0].url).startsWith(await postUrl('autonomous-versus-autonomic-systems'))).toBe(true);
    expect(await bot.exited).toBe(0);
    expect(bot.stderr).toMatch(/"signal":"SIGTERM","inFlight":1/);
    expectNoSecret(bot);
  });
});

describe('the bot process (tsx src/main.ts, as npm start runs it)', () => {
  it('answers, and exits 0 on SIGTERM relayed by tsx', async () => {
    const discord = await procs.fake();
    const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: CONTENT }, 'tsx');
    await bot.waitForOutput(/"msg":"bot ready"/);
    await discord.waitForIdentify();
    const data = await (await discord.sendCommand('latest', { count: 1 })).final();
    expect(data.embeds).toHaveLength(1);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expectNoSecret(bot);
  });
});

describe('the bot process stopped the moment it is ready', () => {
  it('shuts down in order (letting a snapshot being written finish) rather than dying on the signal', async () => {
    const discord = await procs.fake();
    const contentDir = await procs.content();
    const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: contentDir });
    // Polled output is checked every few milliseconds; the signal goes out as soon as the line is there.
    await bot.waitForOutput(/"msg":"bot ready"/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.stderr).toMatch(/"signal":"SIGTERM"/);
  });

  it('sent while it is still connecting: it stops once connected, with exit code 0', async () => {
    const discord = await procs.fake();
    const contentDir = await procs.content();
    const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: contentDir });
    await bot.waitForOutput(/"msg":"content loaded"/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });
});

describe('the bot process with a blog on the web that is down at start (REFRESH_INTERVAL=1s)', () => {
  it('starts and says so, answers "not loaded yet", and answers from the blog once a refresh reads it', async () => {
    const posts = await essays();
    const feed = await webServer({ '/feed': { status: 503, body: 'down for maintenance' } });
    const discord = await procs.fake();
    const bot = procs.run({
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_SOURCE: `feed:${feed.origin}/feed`,
      REFRESH_INTERVAL: '1s',
      BLOGBOT_CACHE_DIR: await procs.content(),
    });
    await bot.waitForOutput(/"msg":"bot ready"/);
    expect(bot.stderr).toMatch(/"level":40.*answered HTTP 503/);
    expect(bot.stderr).toMatch(/the blog's content is not loaded yet/);
    await discord.waitForIdentify();
    const early = await (
      await discord.sendCommand('ask', { question: 'What is a Deep Tech startup?' }, { userId: nextUserId() })
    ).final();
    expect(early.content).toBe("The blog's content isn't loaded yet, try again in a minute.");

    feed.routes['/feed'] = { body: rssFeed(posts.map(entryOf)) };
    await bot.waitForOutput(/"msg":"refresh: reloaded"/);
    const answer = await (
      await discord.sendCommand('ask', { question: 'What is a Deep Tech startup?' }, { userId: nextUserId() })
    ).final();
    expect(
      String(answer.embeds[0].url).startsWith(posts.find((post) => post.slug === 'the-comeback-of-research')!.url),
    ).toBe(true);
    expectNoSecret(bot);
  });
});
