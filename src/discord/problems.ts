// What went wrong between the bot and Discord, as the end of one sentence saying what to do about it: shared by
// `npm start` (logging in) and `npm run deploy-commands` (registering the commands). It reads the error's shape
// (discord.js's own errors and Discord's API errors), so it needs no discord.js import.

/** Discord's JSON error code for a route the bot may not use (not in that server, no `applications.commands` scope). */
const MISSING_ACCESS = 50001;

export interface ProblemContext {
  /** The server the request was about (DISCORD_GUILD_ID), if any. */
  guildId?: string | undefined;
}

export function discordProblem(error: unknown, context: ProblemContext = {}): string {
  const message = error instanceof Error ? error.message : String(error);
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  if (status === 401 || code === 'TokenInvalid' || /invalid token|authentication failed/i.test(message)) {
    return 'the token was refused. Check DISCORD_TOKEN.';
  }
  if (code === MISSING_ACCESS) {
    if (!context.guildId) {
      return "Discord says Missing Access. Check that DISCORD_CLIENT_ID is this bot's Application ID.";
    }
    return (
      `Discord says Missing Access: the bot is not in server ${context.guildId} (DISCORD_GUILD_ID), or was invited ` +
      'without the applications.commands scope. Invite it again with the scopes bot and applications.commands.'
    );
  }
  if (/disallowed intents|4014/i.test(message)) {
    return 'Discord refused the requested intents. Check the bot settings in the Developer Portal.';
  }
  return message.endsWith('.') ? message : `${message}.`;
}
