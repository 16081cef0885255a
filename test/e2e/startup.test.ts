// Start-up: the bot's own client logs in to the fake Discord with the fewest intents and registers nothing;
// deploy-commands (the real script, as a child process) registers the three commands in one server.
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../support/fake-discord.js';
import { spawnScript, startTestBot, type TestBot } from '../support/test-bot.js';

const GUILDS = 1 << 0;
const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;
const MESSAGE_CONTENT = 1 << 15;

const bots: TestBot[] = [];
afterAll(async () => {
  for (const t of bots) await t.stop();
});

describe('start-up', () => {
  it('logs in, reaches ready, registers no commands, asks for Guilds|GuildMessages|DirectMessages only', async () => {
    const t = await startTestBot();
    bots.push(t);
    expect(t.bot.client.isReady()).toBe(true);
    expect(t.bot.client.user?.id).toBe(t.discord.botUser.id);
    expect(t.discord.identifies).toHaveLength(1);
    expect(t.discord.identifies[0]!.intents).toBe(GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES);
    expect(t.discord.identifies[0]!.intents & MESSAGE_CONTENT).toBe(0);
    expect(t.discord.requests.filter((r) => r.path.includes('/commands'))).toEqual([]);
    expect(t.discord.commandRegistrations).toEqual([]);
    expect(t.logs.some((l) => l.msg === 'bot ready')).toBe(true);
    // createClient merged the test's REST options with the API address from DISCORD_API_URL.
    expect(t.bot.client.rest.options).toMatchObject({ api: t.discord.apiUrl, offset: 0, timeout: 3000 });
    expect(t.bot.client.options.allowedMentions).toEqual({ parse: [] });
  });

  it('asks for Guilds only when FREE_TEXT=false', async () => {
    const t = await startTestBot({ env: { FREE_TEXT: 'false' } });
    bots.push(t);
    expect(t.discord.identifies[0]!.intents).toBe(GUILDS);
    expect(t.discord.requests.filter((r) => r.path.includes('/commands'))).toEqual([]);
  });

  it('deploy-commands registers the slash commands and the "Ask the blog" message command in one PUT', async () => {
    const discord = await startFakeDiscord();
    try {
      const run = spawnScript(
        'src/deploy-commands.ts',
        {
          DISCORD_TOKEN: 'deploy-token-value-123',
          DISCORD_CLIENT_ID: discord.applicationId,
          DISCORD_GUILD_ID: discord.guildId,
          DISCORD_API_URL: discord.apiUrl,
        },
        { via: 'tsx' },
      );
      expect(await run.exited, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(
          String.raw`Registered /ask, /post, /latest, /help, /reload, /stats ` +
            String.raw`and the message command “Ask the blog” in server`,
        ),
      );
      const puts = discord.requests.filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.path)).toEqual([
        `/api/v10/applications/${discord.applicationId}/guilds/${discord.guildId}/commands`,
      ]);
      const commands = puts[0]!.body as Array<Record<string, any>>;
      expect(commands.map((c) => c.name)).toEqual(['ask', 'post', 'latest', 'help', 'reload', 'stats', 'Ask the blog']);
      const [ask, post, latest, help, reload, stats, askTheBlog] = commands;
      expect(ask!.options).toEqual([
        expect.objectContaining({ name: 'question', type: 3, required: true }),
        expect.objectContaining({ name: 'results', type: 4, min_value: 1, max_value: 5 }),
        expect.objectContaining({ name: 'private', type: 5 }),
        expect.objectContaining({ name: 'for', type: 6 }),
      ]);
      expect(post!.options).toEqual([
        expect.objectContaining({ name: 'title', type: 3, required: true, autocomplete: true }),
      ]);
      expect(help!.options ?? []).toEqual([]);
      expect(askTheBlog).toMatchObject({ type: 3, integration_types: [0, 1], contexts: [0, 1, 2] });
      expect(reload).toMatchObject({ integration_types: [0], contexts: [0] });
      expect(ask!.options[1].required ?? false).toBe(false);
      expect(ask!.options[2].required ?? false).toBe(false);
      expect(latest!.options).toEqual([
        expect.objectContaining({ name: 'count', type: 4, min_value: 1, max_value: 10 }),
      ]);
      expect(latest!.options[0].required ?? false).toBe(false);
      expect(reload!.default_member_permissions).toBe('32');
      expect(stats!.default_member_permissions).toBe('32');
      expect(stats!.contexts).toEqual([0]);
      expect(stats!.options).toEqual([
        expect.objectContaining({ name: 'days', type: 4, min_value: 1, max_value: 365 }),
      ]);
      expect(run.stdout + run.stderr).not.toContain('deploy-token-value-123');
    } finally {
      await discord.close();
    }
  });
});
