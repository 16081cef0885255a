// `npm run deploy-commands`: registers the slash commands and the message commands in one PUT, in one server
// (instant) or globally (up to an hour).
import dotenv from 'dotenv';
import { REST, Routes } from 'discord.js';
import { commands, messageCommands } from '../commands/index.js';
import { ConfigError, readConfig, requireDiscordSettings } from './config.js';
import { discordProblem } from './discord/problems.js';
import { addSecret, redactSecrets } from './log.js';

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = readConfig();
  requireDiscordSettings(config);
  addSecret(config.DISCORD_TOKEN);
  const clientId = config.DISCORD_CLIENT_ID ?? applicationIdFromToken(config.DISCORD_TOKEN);
  if (!clientId)
    throw new ConfigError(
      'The setting DISCORD_CLIENT_ID is missing: copy the Application ID from the Developer Portal.',
    );
  const rest = new REST({ ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(
    config.DISCORD_TOKEN,
  );
  const body = [
    ...commands.map((command) => command.definition.toJSON()),
    ...messageCommands.map((command) => command.definition.toJSON()),
  ];
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(clientId, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(clientId);
  try {
    await rest.put(route, { body });
  } catch (error) {
    return fail(discordProblem(error, { guildId: config.DISCORD_GUILD_ID }));
  }
  const where = config.DISCORD_GUILD_ID
    ? `in server ${config.DISCORD_GUILD_ID}`
    : 'globally (may take up to an hour to show)';
  const slash = commands.map((command) => `/${command.definition.name}`).join(', ');
  const menu = messageCommands.map((command) => `“${command.definition.name}”`).join(', ');
  process.stdout.write(`Registered ${slash}${menu ? ` and the message command ${menu}` : ''} ${where}.\n`);
  return 0;
}

// A bot token starts with the application id in base64.
function applicationIdFromToken(token: string): string | undefined {
  const id = Buffer.from(token.split('.')[0] ?? '', 'base64').toString('utf8');
  return /^\d{17,20}$/.test(id) ? id : undefined;
}

/** Says why the commands were not registered, in one sentence without the token. */
function fail(problem: string): number {
  process.stderr.write(`Could not register the commands: ${redactSecrets(problem)}\n`);
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } else process.exitCode = fail(discordProblem(error));
  },
);
