// Messages the bot posts on its own to a channel the owner chose (refresh reports, new-post announcements). With
// shards, only the shard that holds the channel's guild posts, so each message is sent once; nobody is pinged
// unless the message says so.
import type { Client, MessageCreateOptions } from 'discord.js';

/**
 * Whether this client should post to the channel: it holds the channel's guild (its shard received it), or it is
 * not sharded (a channel it does not see is then fetched, and the error says why).
 */
export function postsTo(client: Client, channelId: string): boolean {
  return client.channels.cache.has(channelId) || !client.shard;
}

/** Sends to a text channel; rejects with one sentence when the channel cannot be found or written to. */
export async function sendToChannel(client: Client, channelId: string, payload: MessageCreateOptions): Promise<void> {
  const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId).catch(() => null));
  if (!channel)
    throw new Error(`the channel ${channelId} cannot be found: check the id and that the bot is in its server`);
  if (!channel.isSendable()) throw new Error(`the channel ${channelId} is not a text channel the bot can post in`);
  await channel.send(payload);
}
