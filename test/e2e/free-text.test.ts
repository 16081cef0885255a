// Free text: a message mentioning the bot, or a DM, is answered with message.reply(); nothing else is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextUserId, postUrl, settle, startTestBot, type TestBot } from '../support/test-bot.js';

const BOT_ROLE = '600000000000000001';
let t: TestBot;
beforeAll(async () => {
  // The default guild, with the managed role Discord gives the bot when it is invited.
  t = await startTestBot({
    fake: {
      guilds: [
        {
          id: '100000000000000001',
          channels: [{ id: '200000000000000001', name: 'general' }],
          roles: [{ id: BOT_ROLE, name: 'blogbot', botId: '300000000000000001' }],
        },
      ],
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

/** Sends `probe` afterwards and waits for its reply, so anything sent for earlier messages has arrived by then. */
async function assertNothingElseAnswered(before: number): Promise<void> {
  await settle(100);
  const probeId = await t.discord.sendMessage({ content: 'edge tpu', mentionBot: true, userId: nextUserId() });
  const probe = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === probeId);
  expect(t.discord.channelMessagesSent.slice(before)).toEqual([probe]);
}

describe('free text', () => {
  it('answers a mention with a reply that links the post', async () => {
    const id = await t.discord.sendMessage({ content: '<@BOT> what is an autonomic system?', userId: nextUserId() });
    const sent = await t.discord.waitForChannelMessage();
    expect(sent.channelId).toBe(t.discord.channelId);
    expect(sent.body.message_reference?.message_id).toBe(id);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(String(sent.body.embeds[0].url).startsWith(await postUrl('autonomous-versus-autonomic-systems'))).toBe(true);
    expect(t.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))).toHaveLength(1);
  });

  it("ignores a message that does not mention it, and a bot's message", async () => {
    const before = t.discord.channelMessagesSent.length;
    await t.discord.sendMessage({ content: 'what is an autonomic system?', userId: nextUserId() });
    await t.discord.sendMessage({
      content: '<@BOT> what is an autonomic system?',
      authorBot: true,
      userId: nextUserId(),
    });
    await assertNothingElseAnswered(before);
  });

  it('answers a DM', async () => {
    const userId = nextUserId();
    const id = await t.discord.sendMessage({ content: 'Why should post-mortems be blameless?', dm: true, userId });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    expect(sent.channelId).toBe(t.discord.dmChannelId(userId));
    expect(String(sent.body.embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a reply to its own answer with ping on is not a question; the same reply naming the bot is', async () => {
    const askId = await t.discord.sendMessage({ content: '<@BOT> what is an autonomic system?', userId: nextUserId() });
    const answer = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === askId);
    const before = t.discord.channelMessagesSent.length;
    await t.discord.sendMessage({
      content: 'thanks, what about edge tpu?',
      replyTo: String(answer.message.id),
      pingReplied: true,
      userId: nextUserId(),
    });
    await assertNothingElseAnswered(before);
    const namedId = await t.discord.sendMessage({
      content: '<@BOT> and edge tpu?',
      replyTo: String(answer.message.id),
      pingReplied: true,
      userId: nextUserId(),
    });
    const named = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === namedId);
    expect(named.body.embeds.length).toBeGreaterThan(0);
  });

  it("a mention of the bot's managed role counts as a mention, and is not searched for", async () => {
    const id = await t.discord.sendMessage({
      content: `<@&${BOT_ROLE}> why should post-mortems be blameless?`,
      userId: nextUserId(),
    });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    expect(String(sent.body.embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
    expect(sent.body.content).not.toContain(BOT_ROLE);
  });

  it('a greeting with no words to search for gets a short hint pointing to /help', async () => {
    const id = await t.discord.sendMessage({ content: '<@BOT> hello!', userId: nextUserId() });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    expect(sent.body.content).toContain('`/help`');
    expect(sent.body.embeds ?? []).toEqual([]);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a bare mention gets a hint, not a search', async () => {
    const id = await t.discord.sendMessage({ content: '<@BOT>', userId: nextUserId() });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    expect(sent.body.content).toMatch(/Ask me a question about the blog/);
    expect(sent.body.embeds ?? []).toEqual([]);
  });
});

describe('free text with FREE_TEXT=false', () => {
  it('answers nothing, even when the messages reach it', async () => {
    // enforceIntents off: the fake delivers messages whatever the intents, so this checks the bot itself.
    const off = await startTestBot({ env: { FREE_TEXT: 'false' }, fake: { enforceIntents: false } });
    try {
      await off.discord.sendMessage({ content: '<@BOT> what is an autonomic system?', userId: nextUserId() });
      await off.discord.sendMessage({ content: 'what is an autonomic system?', dm: true, userId: nextUserId() });
      // A slash command afterwards: once it is answered, the earlier messages have been processed.
      await (await off.discord.sendCommand('latest', { count: 1 })).final();
      await settle(100);
      expect(off.discord.channelMessagesSent).toEqual([]);
    } finally {
      await off.stop();
    }
  });
});
