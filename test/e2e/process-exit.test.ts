// How the real process ends when it cannot run or cannot finish: exit code, one clear sentence, never the token.
import { describe, expect, it } from 'vitest';
import { botProcesses, expectNoSecret, expectOneSentence } from '../support/bot-process.js';
import { CONTENT, nextUserId } from '../support/test-bot.js';

const CALLBACK = /^POST \/api\/v10\/interactions\/\d+\/[^/]+\/callback$/;
const TOKEN_REFUSED = /^Could not log in to Discord: the token was refused\. Check DISCORD_TOKEN\.$/;
const procs = botProcesses();

describe.concurrent('the process exits', () => {
  it('1, with one sentence and no token, when Discord answers 401 to GET /gateway/bot (run via tsx)', async () => {
    const discord = await procs.fake();
    discord.failNext(/^GET \/api\/v10\/gateway\/bot$/, {
      status: 401,
      body: { message: '401: Unauthorized', code: 0 },
    });
    const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: CONTENT, LOG_LEVEL: 'debug' }, 'tsx');
    expect(await bot.exited).toBe(1);
    expectOneSentence(bot, TOKEN_REFUSED);
    expectNoSecret(bot);
  });

  it.each([
    [4004, TOKEN_REFUSED],
    [
      4014,
      new RegExp(
        String.raw`^Could not log in to Discord: Discord refused the requested intents\. ` +
          String.raw`Check the bot settings in the Developer Portal\.$`,
      ),
    ],
  ])(
    '1 when the gateway closes with %i after IDENTIFY, with one clear sentence and no token',
    async (code, sentence) => {
      const discord = await procs.fake({ identifyCloseCode: code });
      const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: CONTENT, LOG_LEVEL: 'debug' });
      expect(await bot.exited).toBe(1);
      expect(discord.identifies).toHaveLength(1);
      expectOneSentence(bot, sentence);
      expectNoSecret(bot);
    },
  );

  it.each([
    [{ DISCORD_API_URL: 'notaurl' }, /^The setting DISCORD_API_URL must be an http\(s\) address[^\n]*\.$/],
    [{ DISCORD_GUILD_ID: 'abc' }, /^The setting DISCORD_GUILD_ID must be a Discord id \(17 to 20 digits\)\.$/],
  ])('1 for the bad setting %o, with one sentence and no stack trace', async (env, sentence) => {
    const bot = procs.run({ CONTENT_DIR: CONTENT, ...env });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr.trim().split('\n')).toHaveLength(1);
    expectOneSentence(bot, sentence);
    expectNoSecret(bot);
  });

  it('0 on SIGTERM after the grace period when a reply is stuck in a long rate-limit wait', {
    timeout: 40_000,
  }, async ({ expect }) => {
    const discord = await procs.fake();
    const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: CONTENT });
    await bot.waitForOutput(/"msg":"bot ready"/);
    await discord.waitForIdentify();
    discord.failNext(CALLBACK, { status: 429, retryAfter: 60 });
    const reply = await discord.sendCommand('ask', { question: 'edge tpu' }, { userId: nextUserId() });
    await expect.poll(() => discord.requests.some((r) => r.status === 429), { timeout: 5000 }).toBe(true);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0); // without waiting out the 60 s
    expect(reply.callbacks).toEqual([]);
    expect(bot.stderr).toMatch(/"inFlight":1,"msg":"replies still in flight after the grace period were dropped"/);
    expect(bot.stderr).not.toMatch(/gateway reconnecting/);
    expectNoSecret(bot);
  });
});
