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

/**
 * In a shard process: returns the callback to run after a local /reload, and reloads when another shard did.
 * Also ties the shard's life to its manager (see stopWithManager).
 */
export function syncReloads(client: Client, library: Library, log: Logger): (() => void) | undefined {
  if (!client.shard || typeof process.send !== 'function') return undefined;
  const myShards = client.shard.ids;
  stopWithManager(log, myShards);
  process.on('message', (message: unknown) => {
    const reload = message as ReloadMessage | null;
    if (reload?.type !== 'blogbot:reload' || myShards.includes(reload.origin)) return;
    library.reload().then(
      (report) =>
        log.info({ shards: myShards, from: reload.origin, posts: report.postCount }, 'reloaded after another shard'),
      (error: Error) => log.error({ shards: myShards }, `reload after another shard failed: ${error.message}`),
    );
  });
  return () => void client.shard?.send({ type: 'blogbot:reloaded', shard: myShards[0] ?? 0 } satisfies ReloadedMessage);
}

/**
 * The IPC channel to the manager must neither keep a stopped shard alive (a shard the manager killed with SIGTERM
 * would otherwise linger after its bot stopped) nor outlive the manager: when the manager goes away (crashed,
 * SIGKILLed), the shard stops as on SIGTERM instead of staying logged in as an orphan.
 */
function stopWithManager(log: Logger, myShards: number[]): void {
  process.channel?.unref();
  const stop = () => {
    // Emitted, not sent: a shard already stopping (its SIGTERM handler used) must not be killed mid-drain.
    if (process.listenerCount('SIGTERM') === 0) return;
    log.warn({ shards: myShards }, 'the shard manager went away: stopping');
    process.emit('SIGTERM', 'SIGTERM');
  };
  if (!process.connected) stop();
  else process.once('disconnect', stop);
}
