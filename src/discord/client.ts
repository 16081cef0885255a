// Builds the discord.js client with the fewest intents that work, and wires the router and the message listener.
import { Client, GatewayIntentBits, Partials, RESTEvents, type ClientOptions } from 'discord.js';
import type { Config } from '../config.js';
import { listenToMessages } from './messages.js';
import { answerForumThreads } from './threads.js';
import { routeInteractions, type BotDeps } from './router.js';

/**
 * Mentions and DMs arrive with their text without the privileged Message Content intent; asking for a
 * privileged intent the owner has not enabled would make login fail (close code 4014), so it is asked for only when
 * MESSAGE_CONTENT=true. New forum threads (THREAD_CREATE) come with the Guilds intent.
 */
export function intentsFor(freeText: boolean, messageContent = false): GatewayIntentBits[] {
  const intents = freeText
    ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages]
    : [GatewayIntentBits.Guilds];
  return messageContent ? [...intents, GatewayIntentBits.MessageContent] : intents;
}

export function createClient(
  config: Pick<Config, 'FREE_TEXT' | 'DISCORD_API_URL'> & Partial<Pick<Config, 'MESSAGE_CONTENT'>>,
  extra: Partial<ClientOptions> = {},
): Client {
  return new Client({
    intents: intentsFor(config.FREE_TEXT, config.MESSAGE_CONTENT ?? false),
    // DM channels are not cached before their first message; the partial lets that message through.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    ...extra,
    rest: { ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}), ...extra.rest },
  });
}

export function wireBot(client: Client, deps: BotDeps, freeText: boolean): void {
  routeInteractions(client, deps);
  if (freeText) listenToMessages(client, deps);
  if (deps.forumChannelIds?.length) answerForumThreads(client, deps);
  const { log } = deps;
  client.on('error', (error) => log.error({ err: error }, 'discord client error'));
  client.on('warn', (message) => log.warn(message));
  client.on('shardDisconnect', (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on('shardReconnecting', (shard) => log.info({ shard }, 'gateway reconnecting'));
  client.on('shardResume', (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.on('shardError', (error, shard) => log.error({ err: error, shard }, 'gateway error'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited by Discord'),
  );
}
