import { describe, it, expect, afterEach } from 'vitest';
import { Client, GatewayIntentBits, IntentsBitField, Partials, Events } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** Fake Discord + a plain discord.js client with tiny handlers, logged in and ready. */
async function start(): Promise<{ discord: FakeDiscord; client: Client }> {
  const discord = await startFakeDiscord();
  const client = new Client({
    intents: INTENTS,
    partials: [Partials.Channel],
    rest: { api: discord.apiUrl, offset: 0, timeout: 2000 },
  });
  cleanups.push(async () => {
    await client.destroy();
    await discord.close();
  });

  client.on(Events.InteractionCreate, async (interaction) => {
    if (interaction.isAutocomplete()) {
      const typed = String(interaction.options.getFocused());
      await interaction.respond([{ name: `${typed}-1`, value: `${typed}-1` }]);
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    if (interaction.commandName === 'ping') {
      await interaction.reply({ content: 'pong', allowedMentions: { parse: [] } });
    } else if (interaction.commandName === 'slow') {
      await interaction.deferReply();
      await interaction.editReply({ content: `done: ${interaction.options.getString('question', true)}` });
    }
  });
  client.on(Events.MessageCreate, async (message) => {
    if (message.author.bot) return;
    if (message.channel.isDMBased() || message.mentions.has(client.user!)) {
      await message.reply({ content: `you said: ${message.content}`, allowedMentions: { repliedUser: false } });
    }
  });

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login('fake-token');
  await ready;
  await discord.waitForIdentify();
  return { discord, client };
}

describe('fake discord', () => {
  it('logs a real discord.js client in and records the requested intents', async () => {
    const { discord, client } = await start();
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(discord.botUser.id);
    expect(client.guilds.cache.get(discord.guildId)?.channels.cache.has(discord.channelId)).toBe(true);
    expect(discord.identifies).toHaveLength(1);
    expect(discord.identifies[0]!.intents).toBe(Number(new IntentsBitField(INTENTS).bitfield));
    expect(discord.requests[0]).toMatchObject({ method: 'GET', path: '/api/v10/gateway/bot', status: 200 });
  });

  it('observes replies, deferred edits, autocomplete and message replies', async () => {
    const { discord } = await start();

    const ping = await discord.sendCommand('ping', {}, { permissions: '0' });
    const cb = await ping.callback();
    expect(cb.type).toBe(4);
    expect(cb.data?.allowed_mentions?.parse).toEqual([]);
    expect((await ping.final()).content).toBe('pong');

    const slow = await discord.sendCommand('slow', { question: 'edge tpu', results: 2, exact: true });
    expect(slow.payload.data.options).toEqual([
      { name: 'question', type: 3, value: 'edge tpu' },
      { name: 'results', type: 4, value: 2 },
      { name: 'exact', type: 5, value: true },
    ]);
    expect((await slow.callback()).type).toBe(5);
    expect((await slow.final()).content).toBe('done: edge tpu');
    expect(
      discord.requests.some(
        (r) =>
          r.method === 'PATCH' &&
          r.path.endsWith(`/webhooks/${discord.applicationId}/${slow.token}/messages/@original`),
      ),
    ).toBe(true);

    const ac = await discord.sendAutocomplete('slow', { question: 'edg' }, 'question');
    const acb = await ac.callback();
    expect(acb.type).toBe(8);
    expect(acb.data?.choices).toEqual([{ name: 'edg-1', value: 'edg-1' }]);

    const msgId = await discord.sendMessage({ content: 'hello there', mentionBot: true });
    const sent = await discord.waitForChannelMessage();
    expect(sent.channelId).toBe(discord.channelId);
    expect(sent.body.content).toBe(`you said: <@${discord.botUser.id}> hello there`);
    expect(sent.body.message_reference?.message_id).toBe(msgId);

    await discord.sendMessage({ content: 'not for the bot' });
    await discord.sendMessage({ content: 'in a DM', dm: true });
    const dm = await discord.waitForChannelMessage();
    expect(dm.channelId).toBe(discord.dmChannelId());
    expect(dm.body.content).toBe('you said: in a DM');
    expect(discord.channelMessagesSent).toHaveLength(2); // the un-mentioned guild message got no reply
  });

  it('retries through a 429 and a 500', async () => {
    const { discord } = await start();
    discord.failNext(/^POST .*\/callback$/, { status: 429, retryAfter: 0.2 });
    const started = Date.now();
    const ping = await discord.sendCommand('ping');
    expect((await ping.final()).content).toBe('pong');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(discord.requests.filter((r) => r.path.endsWith('/callback')).map((r) => r.status)).toEqual([429, 204]);

    discord.failNext(/^POST .*\/channels\/\d+\/messages$/, { status: 500 });
    await discord.sendMessage({ content: 'again', mentionBot: true });
    await discord.waitForChannelMessage();
    expect(discord.requests.filter((r) => r.path.endsWith('/messages')).map((r) => r.status)).toEqual([500, 200]);
  });

  it('resumes after the gateway drops with 4000 and keeps answering', async () => {
    const { discord } = await start();
    discord.dropConnection(4000);
    const ping = await discord.sendCommand('ping'); // buffered, replayed on RESUME
    await discord.waitForResume();
    expect(discord.resumes).toBe(1);
    expect(discord.identifies).toHaveLength(1);
    expect(discord.connections.at(-1)).toMatch(/^\/gateway-resume\?v=10&encoding=json/);
    expect((await ping.final()).content).toBe('pong');
    const after = await discord.sendCommand('ping');
    expect((await after.final()).content).toBe('pong');
  });

  it('rejects waits with a clear message on timeout', async () => {
    const { discord } = await start();
    await expect(discord.waitForChannelMessage(undefined, 50)).rejects.toThrow(
      /timed out after 50 ms waiting for a bot message/,
    );
  });

  it('leaves nothing running after client.destroy() and close()', async () => {
    const count = (list: string[], kind: string) => list.filter((k) => k === kind).length;
    const baseline = process.getActiveResourcesInfo();
    const { discord, client } = await start();
    const ping = await discord.sendCommand('ping');
    await ping.final();
    await client.destroy();
    await discord.close();
    cleanups = [];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = process.getActiveResourcesInfo();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap'])
      expect(count(after, kind)).toBeLessThanOrEqual(count(baseline, kind));
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(baseline, 'Timeout'));
  });
});
