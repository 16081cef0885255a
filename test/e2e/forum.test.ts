// Forum auto-reply (FORUM_CHANNEL_IDS) through the real client: a new thread is answered inside the thread from its
// title, plus its starter message with MESSAGE_CONTENT=true; no good match means silence. And ASK_CHANNEL_IDS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitProblems, nextUserId, postUrl, settle, startTestBot, type TestBot } from '../support/test-bot.js';

const GUILD = '100000000000000001';
const GENERAL = '200000000000000001';
const ASK_HERE = '200000000000000002';
const FORUM = '200000000000000015';
const OTHER_FORUM = '200000000000000016';
const guilds = [
  {
    id: GUILD,
    channels: [
      { id: GENERAL, name: 'general' },
      { id: ASK_HERE, name: 'ask-the-blog' },
      { id: FORUM, name: 'questions', type: 15 },
      { id: OTHER_FORUM, name: 'showcase', type: 15 },
    ],
  },
];

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { FORUM_CHANNEL_IDS: FORUM, ASK_CHANNEL_IDS: ASK_HERE }, fake: { guilds } });
});
afterAll(async () => {
  await t?.stop();
});

describe('forum auto-reply', () => {
  it('answers a new thread inside the thread, from its title, pinging nobody', async () => {
    const thread = t.discord.createForumThread({
      forumId: FORUM,
      name: 'Why should post-mortems be blameless?',
      userId: nextUserId(),
    });
    const sent = await t.discord.waitForChannelMessage((m) => m.channelId === thread);
    expect(String(sent.body.embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
    expect(limitProblems(sent.body)).toEqual([]);
    await t.bot.questions.written();
    const rows = await t.bot.questions.rows(1);
    expect(rows.ok && rows.value.find((row) => row.question.startsWith('Why should post-mortems'))?.source).toBe(
      'forum_thread',
    );
  });

  it('answers a thread once, even when Discord sends its THREAD_CREATE again', async () => {
    const thread = t.discord.createForumThread({ forumId: FORUM, name: 'edge tpu', userId: nextUserId() });
    await t.discord.waitForChannelMessage((m) => m.channelId === thread);
    const before = t.discord.channelMessagesSent.length;
    t.discord.dispatch('THREAD_CREATE', {
      id: thread,
      type: 11,
      guild_id: GUILD,
      parent_id: FORUM,
      owner_id: nextUserId(),
      name: 'edge tpu',
      thread_metadata: {
        archived: false,
        auto_archive_duration: 4320,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    });
    const probe = t.discord.createForumThread({ forumId: FORUM, name: 'edge tpu', userId: nextUserId() });
    await t.discord.waitForChannelMessage((m) => m.channelId === probe);
    await settle(50);
    expect(t.discord.channelMessagesSent.slice(before).map((m) => m.channelId)).toEqual([probe]);
  });

  it('stays silent with no good match, and in forums not listed', async () => {
    const before = t.discord.channelMessagesSent.length;
    t.discord.createForumThread({ forumId: FORUM, name: 'the history of pottery glazes', userId: nextUserId() });
    t.discord.createForumThread({
      forumId: OTHER_FORUM,
      name: 'Why should post-mortems be blameless?',
      userId: nextUserId(),
    });
    // A probe thread that is answered: once its answer is out, the two before it have been handled.
    const probe = t.discord.createForumThread({ forumId: FORUM, name: 'edge tpu', userId: nextUserId() });
    await t.discord.waitForChannelMessage((m) => m.channelId === probe);
    await settle(50);
    expect(t.discord.channelMessagesSent.slice(before).map((m) => m.channelId)).toEqual([probe]);
  });

  it('without MESSAGE_CONTENT, reads the title only (a title with no question gets no answer)', async () => {
    const before = t.discord.channelMessagesSent.length;
    t.discord.createForumThread({
      forumId: FORUM,
      name: 'Hello there',
      content: 'Why should post-mortems be blameless?',
      userId: nextUserId(),
    });
    const probe = t.discord.createForumThread({ forumId: FORUM, name: 'edge tpu', userId: nextUserId() });
    await t.discord.waitForChannelMessage((m) => m.channelId === probe);
    await settle(50);
    expect(t.discord.channelMessagesSent.slice(before).map((m) => m.channelId)).toEqual([probe]);
  });

  it('ASK_CHANNEL_IDS: free text is answered only in the listed channels', async () => {
    const before = t.discord.channelMessagesSent.length;
    await t.discord.sendMessage({ content: '<@BOT> edge tpu', channelId: GENERAL, userId: nextUserId() });
    const id = await t.discord.sendMessage({ content: '<@BOT> edge tpu', channelId: ASK_HERE, userId: nextUserId() });
    await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    await settle(50);
    expect(t.discord.channelMessagesSent.slice(before).map((m) => m.channelId)).toEqual([ASK_HERE]);
  });
});

describe('forum auto-reply with MESSAGE_CONTENT=true', () => {
  it('asks for the Message Content intent and reads the starter message too', async () => {
    const bot = await startTestBot({
      env: { FORUM_CHANNEL_IDS: FORUM, MESSAGE_CONTENT: 'true', FREE_TEXT: 'false' },
      fake: { guilds },
    });
    try {
      const intents = Number((await bot.discord.waitForIdentify()).intents);
      expect(intents & (1 << 15)).toBe(1 << 15);
      const thread = bot.discord.createForumThread({
        forumId: FORUM,
        name: 'Hello there',
        content: 'Why should post-mortems be blameless?',
        userId: nextUserId(),
      });
      const sent = await bot.discord.waitForChannelMessage((m) => m.channelId === thread);
      expect(String(sent.body.embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
    } finally {
      await bot.stop();
    }
  });
});
