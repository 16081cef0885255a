// Keeps shards in step: a shard that reloaded tells the manager, which tells every other shard to reload too.
import type { Client } from 'discord.js';
import type { Library } from './library.js';
import type { Logger } from './log.js';

interface ReloadedMessage {
  type: 'blogbot:reloaded';
  shard: number;
}
interface ReloadMessage {
  type: 'blogbot:reload';
  origin: number;
}

export function isReloadedMessage(message: unknown): message is ReloadedMessage {
  return (message as ReloadedMessage | null)?.type === 'blogbot:reloaded';
}

export function reloadMessage(origin: number): ReloadMessage {
  return { type: 'blogbot:reload', origin };
}

/** In a shard process: returns the callback to run after a local /reload, and reloads when another shard did. */
export function syncReloads(client: Client, library: Library, log: Logger): (() => void) | undefined {
  if (!client.shard || typeof process.send !== 'function') return undefined;
  const myShards = client.shard.ids;
  process.on('message', (message: unknown) => {
    const reload = message as ReloadMessage | null;
    if (reload?.type !== 'blogbot:reload' || myShards.includes(reload.origin)) return;
    library.reload().then(
      (report) => log.info({ shards: myShards, from: reload.origin, posts: report.postCount }, 'reloaded after another shard'),
      (error: Error) => log.error({ shards: myShards }, `reload after another shard failed: ${error.message}`),
    );
  });
  return () => void client.shard?.send({ type: 'blogbot:reloaded', shard: myShards[0] ?? 0 } satisfies ReloadedMessage);
}
