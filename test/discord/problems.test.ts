// The hint that ends "Could not log in to Discord: …" (npm start) and "Could not register the commands: …"
// (npm run deploy-commands), read from the errors discord.js and Discord's API really raise.
import { Client, DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordProblem } from '../../src/discord/problems.js';

const GUILD = '100000000000000001';

/** The error @discordjs/rest throws for Discord's JSON error answer. */
function apiError(
  status: number,
  body: { message: string; code: number },
  url = `/applications/1/guilds/${GUILD}/commands`,
): DiscordAPIError {
  return new DiscordAPIError(body, body.code, status, 'PUT', `https://discord.com/api/v10${url}`, { body: [] });
}

describe('discordProblem', () => {
  it('says the token was refused for a 401, an invalid token and a gateway that refuses the token', async () => {
    expect(discordProblem(apiError(401, { message: '401: Unauthorized', code: 0 }))).toBe(
      'the token was refused. Check DISCORD_TOKEN.',
    );
    // discord.js's own error for a token it cannot use (code TokenInvalid).
    const invalidToken: unknown = await new Client({ intents: [] }).login('').catch((error: unknown) => error);
    expect(discordProblem(invalidToken)).toBe('the token was refused. Check DISCORD_TOKEN.');
    expect(discordProblem(new Error('Authentication failed'))).toBe('the token was refused. Check DISCORD_TOKEN.');
  });

  it('says Missing Access on a server means the bot is not in it or lacks the applications.commands scope', () => {
    const sentence = discordProblem(apiError(403, { message: 'Missing Access', code: 50001 }), { guildId: GUILD });
    expect(sentence).toContain(`the bot is not in server ${GUILD} (DISCORD_GUILD_ID)`);
    expect(sentence).toContain('invited without the applications.commands scope');
  });

  it('points at DISCORD_CLIENT_ID for Missing Access on the global commands', () => {
    const sentence = discordProblem(
      apiError(403, { message: 'Missing Access', code: 50001 }, '/applications/1/commands'),
    );
    expect(sentence).toBe("Discord says Missing Access. Check that DISCORD_CLIENT_ID is this bot's Application ID.");
  });

  it('names disallowed intents', () => {
    expect(discordProblem(new Error('Used disallowed intents'))).toBe(
      'Discord refused the requested intents. Check the bot settings in the Developer Portal.',
    );
  });

  it('passes anything else on as a sentence', () => {
    expect(discordProblem(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toBe('connect ECONNREFUSED 127.0.0.1:9.');
    expect(discordProblem(apiError(500, { message: 'Internal Server Error', code: 0 }))).toBe('Internal Server Error.');
  });
});
