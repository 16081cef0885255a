// `npm run start:sharded`: one bot process per shard (Discord requires sharding past 2,500 servers).
// Each shard loads the same content folder; a /reload on one shard is replayed on all of them.
import { ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { ConfigError, readConfig, requireDiscordSettings, type Config } from './config.js';
import { addSecret, createLogger, redactSecrets, type Logger } from './log.js';
import { isReloadedMessage, reloadMessage } from './sharding.js';

/** How long a stop waits for the shards to finish their replies and exit (each drains for up to 5 s). */
const SHARD_EXIT_WAIT_MS = 10_000;

/**
 * Discord lets a bot start max_concurrency sessions every 5 seconds (GET /gateway/bot); shards are started that many
 * per window, with discord.js's margin (it waits 5.5 s between shards when it knows no better).
 */
const IDENTIFY_WINDOW_MS = 5500;

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = readConfig();
  requireDiscordSettings(config);
  addSecret(config.DISCORD_TOKEN);
  const log = createLogger(config.LOG_LEVEL);

  // The recommended count is needed for SHARD_COUNT=auto; otherwise only the pace, which has a safe default.
  const gateway = await gatewayBot(config).catch((error: Error) => {
    if (config.SHARD_COUNT === 'auto') throw error;
    return undefined;
  });
  const totalShards = config.SHARD_COUNT === 'auto' ? Math.max(1, gateway!.shards) : config.SHARD_COUNT;
  const delay = Math.ceil(IDENTIFY_WINDOW_MS / Math.max(1, gateway?.session_start_limit.max_concurrency ?? 1));
  const shardList = shardRange(config.SHARD_IDS, totalShards);
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? './main.ts' : './main.js', import.meta.url));
  const manager = new ShardingManager(entry, {
    token: config.DISCORD_TOKEN,
    totalShards,
    shardList,
    // Running from source, each shard needs the TypeScript loader too. Resolved here: a bare `tsx` would be
    // looked up from the working directory, which need not be the project's.
    execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [],
    respawn: true,
  });
  const shards = new ShardProcesses(log);
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: totalShards }, 'shard started');
    shards.watch(shard);
    shard.on('message', (message: unknown) => {
      if (!isReloadedMessage(message)) return;
      // A shard being respawned has no process to write to: that must not crash the manager.
      manager
        .broadcast(reloadMessage(message.shard))
        .catch((error: Error) =>
          log.warn({ from: message.shard }, `could not replay a reload on every shard: ${error.message}`),
        );
    });
  });
  // Registered before spawning: a signal during start-up must still stop the shards already running.
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping the shards');
    void shards.stopAll().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    log.info({ shards: shardList, everyMs: delay }, 'starting the shards');
    await manager.spawn({ timeout: 60_000, delay });
  } catch (error) {
    if (shards.stopping) return 0; // stopped by a signal while starting: stop() exits
    await shards.stopAll();
    throw error;
  }
  if (!shards.stopping) log.info({ shards: shardList, totalShards }, 'all shards ready');
  return 0;
}

/** The shards' child processes: stops them all and waits (bounded) until every one has exited. */
class ShardProcesses {
  stopping = false;
  private readonly running = new Map<ChildProcess, Shard>();
  private stopped: Promise<void> | undefined;

  constructor(private readonly log: Logger) {}

  watch(shard: Shard): void {
    shard.on('spawn', (child: ChildProcess | unknown) => {
      if (!(child instanceof ChildProcess)) return; // (worker mode is not used)
      this.log.info({ shard: shard.id, pid: child.pid }, 'shard process started');
      this.running.set(child, shard);
      child.once('exit', () => this.running.delete(child));
      // Respawned (or still starting) while stopping: stop it too.
      if (this.stopping) shard.kill();
    });
    // A respawn that fails is reported as an 'error' event, which would otherwise crash the manager.
    shard.on('error', (error: Error) =>
      this.log.error({ shard: shard.id }, `shard error: ${redactSecrets(error.message)}`),
    );
  }

  stopAll(): Promise<void> {
    this.stopping = true;
    this.stopped ??= this.stop();
    return this.stopped;
  }

  private async stop(): Promise<void> {
    // Shard#kill sends SIGTERM (the shard finishes its replies and exits) and turns off the respawn.
    for (const shard of new Set(this.running.values())) if (shard.process) shard.kill();
    const deadline = Date.now() + SHARD_EXIT_WAIT_MS;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const child of this.running.keys()) {
      this.log.warn({ pid: child.pid }, 'shard process still running after the wait: killed');
      child.kill('SIGKILL');
    }
  }
}

/** Discord's advice for this bot: the shard count, and how many sessions may start at once. */
async function gatewayBot(config: Config & { DISCORD_TOKEN: string }): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({ ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(
    config.DISCORD_TOKEN,
  );
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

/** SHARD_IDS "2-3" runs shards 2 and 3 of SHARD_COUNT on this machine; unset runs them all. */
export function shardRange(ids: string | undefined, total: number): number[] {
  if (!ids?.trim()) return Array.from({ length: total }, (_, i) => i);
  const shards = total === 1 ? 'there is 1 shard (SHARD_COUNT)' : `there are ${total} shards (SHARD_COUNT)`;
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(ids);
  if (!match) throw new ConfigError(`The setting SHARD_IDS (${ids}) must be a shard id or a range such as 0-3.`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (to < from)
    throw new ConfigError(
      `The setting SHARD_IDS (${ids}) must go from the lower shard id to the higher, such as ${to}-${from}.`,
    );
  if (to >= total) throw new ConfigError(`The setting SHARD_IDS (${ids}) must be within 0-${total - 1}: ${shards}.`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Run directly (`node --import tsx src/sharded.ts`, a relative path, a symlink): not when imported by a test. */
function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error: Error) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `Sharding failed: ${redactSecrets(error.message)}`}\n`,
    );
    process.exit(1);
  });
}
