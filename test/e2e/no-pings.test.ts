// No pings: whatever a question holds, nothing the bot sends can mention anyone, and echoed text is defused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextUserId, sentBodies, startTestBot, type TestBot } from '../support/test-bot.js';
import type { Json } from '../support/fake-discord.js';

const PINGS = '@everyone @here <@&123456789012345678> <@123456789012345678> <@!123456789012345678>';
const RAW = [/@everyone/, /@here/, /<@&\d+>/, /<@!?\d+>/];

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t?.stop();
});

function expectDefused(body: Json): void {
  const text = [
    body.content ?? '',
    ...((body.embeds ?? []) as Json[]).flatMap((e) => [e.title, e.description, e.footer?.text]),
  ].join('\n');
  for (const raw of RAW) expect(text).not.toMatch(raw);
}

describe('no pings', () => {
  it('/ask: no match echoes the question escaped, allowed_mentions.parse is empty', async () => {
    const question = `${PINGS} chocolate cake recipe`;
    expect(t.library.ask(question), 'precondition: the blog has nothing on chocolate cake').toMatchObject({
      results: [],
      related: [],
    });
    const reply = await t.discord.sendCommand('ask', { question }, { userId: nextUserId() });
    const data = await reply.final();
    expect(data.content).toMatch(/No good match/);
    expect(data.content).toMatch(/chocolate cake recipe/); // the echo is there…
    expectDefused(data); // …but cannot ping
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('/ask: an answer to a question full of mentions pings nobody', async () => {
    const reply = await t.discord.sendCommand(
      'ask',
      { question: `${PINGS} kubernetes security`, results: 5 },
      { userId: nextUserId() },
    );
    const data = await reply.final();
    expect(data.embeds.length).toBeGreaterThan(0);
    expectDefused(data);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('mention: the reply pings nobody, not even the author', async () => {
    const id = await t.discord.sendMessage({ content: `<@BOT> ${PINGS} chocolate cake recipe`, userId: nextUserId() });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    expect(sent.body.content).toMatch(/No good match/);
    expectDefused(sent.body);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const id2 = await t.discord.sendMessage({ content: `<@BOT> ${PINGS} kubernetes security`, userId: nextUserId() });
    const sent2 = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id2);
    expectDefused(sent2.body);
    expect(sent2.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('every body the bot sent in this file had allowed_mentions.parse == []', () => {
    const bodies = sentBodies(t.discord);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) {
      expect(body.allowed_mentions?.parse).toEqual([]);
      if (body.message_reference) expect(body.allowed_mentions.replied_user).toBe(false);
      expectDefused(body);
    }
  });
});
