// Starts the Discord bot over a library: logs in, answers until asked to stop, then finishes what is in flight.
import type { Client, ClientOptions } from 'discord.js';
import type { Config } from '../config.js';
import type { Library } from '../library.js';
import type { Logger } from '../log.js';
import { RateLimiter } from '../rate-limit.js';
import type { Refresher } from '../refresh.js';
import { refreshReply } from '../replies/build.js';
import { ThreadedQuestionLog } from '../store/log-thread.js';
import { startAnnouncements } from './announce.js';
import { postsTo, sendToChannel } from './channels.js';
import { channelPayload } from './payload.js';
import { createClient, wireBot } from './client.js';
import { WorkTracker } from './work.js';

export interface RunningBot {
  client: Client;
  work: WorkTracker;
  questions: ThreadedQuestionLog;
  /** Stops taking new work, finishes replies in flight (bounded), and disconnects. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * What runs beside the answers: the automatic refresh, whose reports with problems go to LOG_CHANNEL_ID. (New posts
 * are announced after every reload, whatever started it, when ANNOUNCE_CHANNEL_ID is set.)
 */
export interface Automation {
  refresher?: Refresher;
  /** How long a command may work before its reply is deferred (see BotDeps.deferAfterMs). */
  deferAfterMs?: number;
}

export async function startBot(
  config: Config & { DISCORD_TOKEN: string },
  library: Library,
  log: Logger,
  extra: Partial<ClientOptions> = {},
  onReloaded?: () => void,
  automation: Automation = {},
): Promise<RunningBot> {
  const client = createClient(config, extra);
  const work = new WorkTracker();
  const limiter = new RateLimiter(config.ASK_RATE_LIMIT.count, config.ASK_RATE_LIMIT.windowMs);
  // Shared by every shard of this machine through DATA_DIR, written in a thread of its own; it never stops the bot
  // (a failing database is one warning).
  const questions = new ThreadedQuestionLog(
    { dataDir: config.DATA_DIR, enabled: config.LOG_QUESTIONS, retentionDays: config.QUESTION_RETENTION_DAYS },
    log,
  );
  wireBot(
    client,
    {
      library,
      log,
      limiter,
      work,
      moderatorRoleIds: config.MODERATOR_ROLE_IDS,
      questions,
      ...(config.BLOG_NAME ? { blogName: config.BLOG_NAME } : {}),
      forumChannelIds: config.FORUM_CHANNEL_IDS,
      askChannelIds: config.ASK_CHANNEL_IDS,
      messageContent: config.MESSAGE_CONTENT,
      ...(onReloaded ? { onReloaded } : {}),
      ...(automation.deferAfterMs !== undefined && { deferAfterMs: automation.deferAfterMs }),
    },
    config.FREE_TEXT,
  );
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await questions.close();
    throw error;
  }
  questions.startRetention();
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, posts: library.posts.length }, 'bot ready');
  const stopReports =
    automation.refresher && config.LOG_CHANNEL_ID
      ? reportRefreshes(client, automation.refresher, config.LOG_CHANNEL_ID, log)
      : undefined;
  const stopAnnouncing = await startAnnouncements(client, library, config, log);
  return {
    client,
    work,
    questions,
    async stop(timeoutMs = 5000) {
      stopReports?.();
      await work.drain(timeoutMs);
      await stopAnnouncing?.();
      await questions.close();
      // Destroying closes the gateway socket, which discord.js reports as "reconnecting": not worth a log line.
      client.removeAllListeners('shardReconnecting');
      await client.destroy();
    },
  };
}

/** Posts each refresh report that has new problems to the log channel (from the shard holding it). */
function reportRefreshes(client: Client, refresher: Refresher, channelId: string, log: Logger): () => void {
  return refresher.onRefresh((outcome) => {
    if (!outcome.newProblems || !postsTo(client, channelId)) return;
    sendToChannel(client, channelId, channelPayload(refreshReply(outcome))).catch((error: Error) =>
      log.warn({ channel: channelId }, `could not post the refresh report to LOG_CHANNEL_ID: ${error.message}`),
    );
  });
}
