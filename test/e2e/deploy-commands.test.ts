// `npm run deploy-commands` as a process against the fake Discord: it registers the command list, and when Discord
// refuses it says why in one sentence (the same hints as `npm start`), exit code 1, never the token.
import { afterAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, expectNoSecret } from '../support/bot-process.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { spawnScript, type ChildRun } from '../support/test-bot.js';

const GUILD = '100000000000000001';
const COMMANDS_ROUTE = /^PUT \/api\/v10\/applications\/\d+\/guilds\/\d+\/commands$/;
const fakes: FakeDiscord[] = [];

afterAll(async () => {
  for (const fake of fakes) await fake.close();
});

async function deploy(
  prepare: (discord: FakeDiscord) => void = () => {},
): Promise<{ discord: FakeDiscord; run: ChildRun; code: number | string }> {
  const discord = await startFakeDiscord();
  fakes.push(discord);
  prepare(discord);
  const run = spawnScript('src/deploy-commands.ts', {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_API_URL: discord.apiUrl,
  });
  return { discord, run, code: await run.exited };
}

describe.concurrent('npm run deploy-commands', () => {
  it('registers every command in the server and says so', async () => {
    const { discord, run, code } = await deploy();
    expect(code).toBe(0);
    expect(run.stdout.trim()).toBe(
      `Registered /ask, /post, /latest, /help, /reload, /stats ` +
        `and the message command “Ask the blog” in server ${GUILD}.`,
    );
    // One PUT holds the slash commands (type 1) and the message command (type 3).
    expect(discord.commandRegistrations).toHaveLength(1);
    expect(discord.commandRegistrations[0]).toMatchObject({ scope: 'guild', guildId: GUILD });
    const registered = discord.commandRegistrations[0]!.commands;
    expect(registered.map((command) => [command.name, command.type])).toEqual([
      ['ask', 1],
      ['post', 1],
      ['latest', 1],
      ['help', 1],
      ['reload', 1],
      ['stats', 1],
      ['Ask the blog', 3],
    ]);
  });

  it('says the token was refused when Discord answers 401', async () => {
    const { run, code } = await deploy((discord) =>
      discord.failNext(COMMANDS_ROUTE, { status: 401, body: { message: '401: Unauthorized', code: 0 } }),
    );
    expect(code).toBe(1);
    expect(run.stderr.trim()).toBe('Could not register the commands: the token was refused. Check DISCORD_TOKEN.');
    expectNoSecret(run);
  });

  it('says Missing Access (50001) means the bot is not in the server or lacks the commands scope', async () => {
    const { discord, run, code } = await deploy((discord) =>
      discord.failNext(COMMANDS_ROUTE, { status: 403, body: { message: 'Missing Access', code: 50001 } }),
    );
    expect(code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `Could not register the commands: Discord says Missing Access: the bot is not in server ${GUILD} ` +
        '(DISCORD_GUILD_ID), or was invited without the applications.commands scope. ' +
        'Invite it again with the scopes bot and applications.commands.',
    );
    expect(discord.commandRegistrations).toEqual([]);
    expectNoSecret(run);
  });
});
