// The "Ask the blog" message command through the real client: the answer comes from the target message's text
// (sent in data.resolved.messages, without the Message Content intent), privately, and the question is logged as
// `message_command`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitProblems, nextUserId, postUrl, startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
beforeAll(async () => {
  // FREE_TEXT off: the bot asks for no message intents at all, and still reads the target message.
  t = await startTestBot({ env: { FREE_TEXT: 'false' } });
});
afterAll(async () => {
  await t?.stop();
});

describe('"Ask the blog" (message command)', () => {
  it("answers privately from the target message's text, and logs it as a message command", async () => {
    const url = await postUrl('blameless-post-mortem');
    const handle = await t.discord.sendMessageCommand(
      'Ask the blog',
      { content: 'Why should post-mortems be blameless? @everyone' },
      { userId: nextUserId() },
    );
    const data = await handle.final();
    expect(Number(data.flags) & 64).toBe(64);
    expect(String(data.embeds[0].url).startsWith(url)).toBe(true);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(limitProblems(data)).toEqual([]);
    await t.bot.questions.written();
    const rows = await t.bot.questions.rows(1);
    expect(rows.ok && rows.value.find((row) => row.question.startsWith('Why should post-mortems'))?.source).toBe(
      'message_command',
    );
  });

  it('says privately when the message has no text', async () => {
    const data = await (
      await t.discord.sendMessageCommand('Ask the blog', { content: '' }, { userId: nextUserId() })
    ).final();
    expect(data.content).toBe('That message has no text to ask the blog about.');
    expect(Number(data.flags) & 64).toBe(64);
  });

  it('shares the cooldown with the slash commands', async () => {
    const userId = nextUserId();
    for (let i = 0; i < 5; i++) await (await t.discord.sendCommand('latest', {}, { userId })).final();
    const data = await (
      await t.discord.sendMessageCommand('Ask the blog', { content: 'edge tpu' }, { userId })
    ).final();
    expect(data.content).toMatch(/^Slow down/);
  });
});
