// `npm run start:sharded`: one bot process per shard (Discord requires sharding past 2,500 servers).
// Each shard loads the same content folder; a /reload on one shard is replayed on all of them.
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { ConfigError, readConfig, requireDiscordSettings, type Config } from './config.js';
import { addSecret, createLogger, redactSecrets } from './log.js';
import { isReloadedMessage, reloadMessage } from './sharding.js';

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = readConfig();
  requireDiscordSettings(config);
  addSecret(config.DISCORD_TOKEN);
  const log = createLogger(config.LOG_LEVEL);

  const totalShards = config.SHARD_COUNT === 'auto' ? await recommendedShards(config) : config.SHARD_COUNT;
  const shardList = shardRange(config.SHARD_IDS, totalShards);
  const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './main.ts' : './main.js', import.meta.url));
  const manager = new ShardingManager(entry, {
    token: config.DISCORD_TOKEN,
    totalShards,
    shardList,
    // Running from source, each shard needs the TypeScript loader too.
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    respawn: true,
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: totalShards }, 'shard started');
    shard.on('message', (message: unknown) => {
      if (isReloadedMessage(message)) void manager.broadcast(reloadMessage(message.shard));
    });
  });
  await manager.spawn({ timeout: 60_000 });
  log.info({ shards: shardList, totalShards }, 'all shards ready');
  const stop = () => {
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

async function recommendedShards(config: Config & { DISCORD_TOKEN: string }): Promise<number> {
  const rest = new REST({ ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(config.DISCORD_TOKEN);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

/** SHARD_IDS "2-3" runs shards 2 and 3 of SHARD_COUNT on this machine; unset runs them all. */
export function shardRange(ids: string | undefined, total: number): number[] {
  if (!ids) return Array.from({ length: total }, (_, i) => i);
  const [from, to = from] = ids.split('-').map(Number) as [number, number?];
  if (to! < from || to! >= total) throw new ConfigError(`The setting SHARD_IDS (${ids}) must be within 0-${total - 1} for ${total} shards.`);
  return Array.from({ length: to! - from + 1 }, (_, i) => from + i);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Sharding failed: ${redactSecrets(error.message)}`}\n`);
    process.exit(1);
  });
}
