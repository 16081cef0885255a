// Resilience: a dropped gateway, a 429, 500s from Discord and exceptions inside a handler never stop the bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library.js';
import { nextUserId, postUrl, startTestBot, type TestBot } from '../support/test-bot.js';

const CALLBACK = /^POST \/api\/v10\/interactions\/\d+\/[^/]+\/callback$/;
const SORRY = /Sorry, something went wrong/;

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    // The real Library with one method replaced: a question holding "kaboom" makes it throw.
    patchLibrary: (library: Library) => {
      const ask = library.ask.bind(library);
      library.ask = (question: string, limit?: number) => {
        if (question.includes('kaboom')) throw new Error('library exploded (test)');
        return ask(question, limit);
      };
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

const ask = (question: string) => t.discord.sendCommand('ask', { question }, { userId: nextUserId() });
async function expectAnswered(question = 'Why should post-mortems be blameless?'): Promise<void> {
  const data = await (await ask(question)).final();
  expect(String(data.embeds?.[0]?.url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
}
const callbackStatuses = (token: string) =>
  t.discord.requests.filter((r) => r.path.includes(`/${token}/callback`)).map((r) => r.status);

describe('resilience', () => {
  it('resumes after the gateway closes with 4000 and answers what was sent meanwhile and after', async () => {
    t.discord.dropConnection(4000);
    const during = await ask('Why should post-mortems be blameless?');
    await t.discord.waitForResume();
    expect(t.discord.identifies).toHaveLength(1);
    expect((await during.final()).embeds.length).toBeGreaterThan(0);
    await expectAnswered();
    expect(t.logs.some((l) => l.msg === 'gateway resumed')).toBe(true);
  });

  it('waits out a 429 on the callback (Retry-After) and still answers', async () => {
    t.discord.failNext(CALLBACK, { status: 429, retryAfter: 0.3 });
    const reply = await ask('Why should post-mortems be blameless?');
    expect((await reply.final()).embeds.length).toBeGreaterThan(0);
    expect(callbackStatuses(reply.token)).toEqual([429, 204]);
    expect(reply.callbacks).toHaveLength(1);
  });

  it('a callback 500 is retried; if Discord keeps failing: logged, the user gets an error, bot goes on', async () => {
    t.discord.failNext(CALLBACK, { status: 500 });
    const once = await ask('Why should post-mortems be blameless?');
    expect((await once.final()).embeds.length).toBeGreaterThan(0);
    expect(callbackStatuses(once.token)).toEqual([500, 204]);

    // discord.js retries a 5xx 3 times: fail all 4 tries.
    t.discord.failNext(CALLBACK, { status: 500 }, 4);
    const failing = await ask('Why should post-mortems be blameless?');
    const error = await failing.callback();
    expect(callbackStatuses(failing.token)).toEqual([500, 500, 500, 500, 204]);
    expect(error.data?.content).toMatch(SORRY);
    expect(Number(error.data?.flags) & 64).toBe(64);
    expect(t.logs.some((l) => l.msg === 'could not answer an interaction' && l.level >= 50)).toBe(true);
    await expectAnswered();
  });

  it('an exception inside a handler gives the user an ephemeral error sentence, and the bot goes on', async () => {
    const reply = await ask('kaboom');
    const callback = await reply.callback();
    expect(callback.type).toBe(4);
    expect(callback.data?.content).toMatch(SORRY);
    expect(Number(callback.data?.flags) & 64).toBe(64);
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    expect(t.logs.some((l) => l.msg === 'command failed' && String(l.err?.message).includes('library exploded'))).toBe(
      true,
    );
    await expectAnswered();
  });

  it('the same for free text: an error sentence in reply, then normal answers', async () => {
    const id = await t.discord.sendMessage({ content: '<@BOT> kaboom', userId: nextUserId() });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    expect(sent.body.content).toMatch(SORRY);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    // A reply Discord refuses every time is logged, not thrown.
    t.discord.failNext(/^POST \/api\/v10\/channels\/\d+\/messages$/, { status: 500 }, 4);
    await t.discord.sendMessage({ content: '<@BOT> Why should post-mortems be blameless?', userId: nextUserId() });
    const id2 = await t.discord.sendMessage({
      content: '<@BOT> Why should post-mortems be blameless?',
      userId: nextUserId(),
    });
    const ok = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id2);
    expect(ok.body.embeds.length).toBeGreaterThan(0);
    await expect.poll(() => t.logs.some((l) => l.msg === 'could not answer a message')).toBe(true);
    await expectAnswered();
  });
});
