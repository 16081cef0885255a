// `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the same commands in a terminal console.
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, contentSources, readConfig, sourceOptions, type Config, type ContentSources } from './config.js';
import { ContentFolderError } from './content/load.js';
import { formatProblem } from './content/post.js';
import { SourceError } from './content/sources/source.js';
import { runConsole } from './console.js';
import { startBot, type RunningBot } from './discord/bot.js';
import { discordProblem } from './discord/problems.js';
import { Library } from './library.js';
import { addSecret, createLogger, redactSecrets, type Logger } from './log.js';
import { nodeTooOld } from './node-version.js';
import { botPidFile, startedByNpm, writePidFile } from './pid-file.js';
import { progressReporter } from './progress.js';
import { refresherFor, type Refresher } from './refresh.js';
import { syncReloads } from './sharding.js';

const SHUTDOWN_GRACE_MS = 5000;
const SNAPSHOT_GRACE_MS = 15_000;
/** How often the bot checks that npm, when npm started it, is still there. */
const PARENT_CHECK_MS = 1000;

async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

async function main(): Promise<number> {
  const tooOld = nodeTooOld();
  if (tooOld) return fail(tooOld);
  dotenv.config({ quiet: true });
  const { values } = parseArgs({
    options: { content: { type: 'string' }, source: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: false,
  });
  let config: Config;
  let content: ContentSources;
  try {
    config = readConfig();
    const source = Array.isArray(values.source)
      ? values.source.filter((value): value is string => typeof value === 'string')
      : undefined;
    content = contentSources(
      config,
      { ...(source && { source }), ...(typeof values.content === 'string' && { content: values.content }) },
      process.cwd(),
    );
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  addSecret(config.DISCORD_TOKEN);
  const log = createLogger(config.LOG_LEVEL);
  watchProcess(log);
  // Listening from the start: a stop asked for while the bot connects is honoured once it can be done in order,
  // instead of killing the process half-way (and losing a snapshot being written); while posts load it stops at once.
  const stop = listenForStop(log);

  let library: Library;
  try {
    // A blog on the web that cannot be reached at start is waited for (answers say so); a folder that cannot be
    // read is a setting to fix.
    library = await Library.open({
      sources: content.specs,
      sourceOptions: sourceOptions(config),
      startUnloaded: true,
      warmUp: true,
      onProgress: progressReporter(),
      onWarning: (message) => log.warn(message),
    });
  } catch (error) {
    if (error instanceof ContentFolderError)
      return fail(
        `${error.message.replace(/\.$/, '')}: set ${content.setting} ` +
          `to your ${content.setting.startsWith('CONTENT_DIR') ? 'Markdown folder' : 'blog'}.`,
      );
    if (error instanceof SourceError) return fail(`${error.message.replace(/\.$/, '')}: check ${content.setting}.`);
    throw error;
  }
  stop.loaded();
  logInitialRead(library, log);
  const refresher = refresherFor(config, library, log);

  if (!config.DISCORD_TOKEN) {
    process.stderr.write(
      'No DISCORD_TOKEN set: running in console mode. ' +
        'Type /ask <question>, /post <title>, /latest, /help, /reload or just a question (Ctrl+D to quit).\n',
    );
    // The console has nothing to finish: a stop ends it at once.
    void stop.asked.then(() => process.exit(0));
    refresher.start();
    await runConsole(library, log);
    refresher.stop();
    return 0;
  }
  return runDiscord(config as Config & { DISCORD_TOKEN: string }, library, log, stop, refresher);
}

async function runDiscord(
  config: Config & { DISCORD_TOKEN: string },
  library: Library,
  log: Logger,
  stop: StopRequest,
  refresher: Refresher,
): Promise<number> {
  let connected = false;
  // A connection that never completes must not keep a stopped process alive.
  void stop.asked.then(() => {
    if (!connected) setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  });
  let bot: RunningBot;
  let afterReload: (() => void) | undefined;
  try {
    bot = await startBot(config, library, log, {}, () => afterReload?.(), { refresher });
    afterReload = syncReloads(bot.client, library, log);
    connected = true;
    // Started once connected, so that the first report with problems can be posted to LOG_CHANNEL_ID.
    refresher.start();
  } catch (error) {
    return fail(`Could not log in to Discord: ${redactSecrets(discordProblem(error))}`);
  }
  process.on('SIGHUP', () => {
    log.info('SIGHUP: reloading content');
    library.reload().then(
      (report) =>
        log.info(
          {
            added: report.added,
            changed: report.changed,
            removed: report.removed,
            problems: report.problems.map(formatProblem),
          },
          'reload done',
        ),
      (error: Error) => log.error(`reload failed: ${error.message}`),
    );
  });
  // Written once SIGHUP reloads, so that `npm run reload` never reaches a bot that SIGHUP would still end.
  const pidFile = botPidFile();
  if (pidFile)
    await writePidFile(pidFile).catch((error: Error) =>
      log.warn(`could not write the pid file (npm run reload will not find the bot): ${error.message}`),
    );
  const signal = await stop.asked;
  log.info({ signal, inFlight: bot.work.size }, 'shutting down');
  refresher.stop();
  await bot.stop(SHUTDOWN_GRACE_MS).catch((error: Error) => log.warn(`stopping the client: ${error.message}`));
  // A snapshot being written (a first start of a big blog) spares the next start a full re-index: let it finish.
  await waitAtMost(library.saved(), SNAPSHOT_GRACE_MS);
  // A reply still waiting past the grace period (a long rate-limit wait) would hold the process open: drop it.
  if (bot.work.size > 0) {
    log.warn({ inFlight: bot.work.size }, 'replies still in flight after the grace period were dropped');
    process.exit(0);
  }
  return 0;
}

interface StopRequest {
  /**
   * Resolves with the first SIGINT or SIGTERM (Ctrl+C in a sharded terminal sends both: the first one counts), or
   * 'npm ended' when the npm that started the bot has gone.
   */
  asked: Promise<string>;
  /** From now on a stop waits for the running work instead of ending the process at once. */
  loaded(): void;
}

function listenForStop(log: Logger): StopRequest {
  let loading = true;
  const asked = new Promise<string>((resolve) => {
    const onSignal = (signal: string) => {
      if (loading) process.exit(0);
      resolve(signal);
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
    if (startedByNpm()) {
      // npm passes SIGINT and SIGTERM on to the bot, but ends on SIGHUP (`kill -HUP` on npm's pid) and leaves the bot
      // without it: rather than run on unseen, the bot stops, as it would have with npm.
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        log.warn(
          'npm, which started the bot, has ended (npm ends on SIGHUP): stopping. To reload, run npm run reload.',
        );
        onSignal('npm ended');
      }, PARENT_CHECK_MS);
      watch.unref();
    }
  });
  return { asked, loaded: () => (loading = false) };
}

/** What the first read found: each source that failed (with why), the notes of those read, the files that failed. */
function logInitialRead(library: Library, log: Logger): void {
  for (const outcome of library.initialSources) {
    if (outcome.status === 'failed')
      log.warn(
        { source: outcome.label },
        `${outcome.reason} ${library.loaded ? 'Its posts from the last good read are served, if any.' : ''}`.trim(),
      );
    for (const note of outcome.notes) log.info({ source: outcome.label }, note);
  }
  for (const problem of library.initialProblems) log.warn(`skipped ${formatProblem(problem)}`);
  const sources = library.sources.map((source) => source.label);
  if (library.loaded)
    log.info({ posts: library.posts.length, sources, fromSnapshot: library.snapshot.loaded }, 'content loaded');
  else log.warn({ sources }, "the blog's content is not loaded yet: answers say so until a refresh reads it");
}

function watchProcess(log: Logger): void {
  process.on('unhandledRejection', (reason) =>
    log.error({ err: reason }, 'unhandled promise rejection (the bot keeps running)'),
  );
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: stopping');
    process.exit(1);
  });
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
    // A console session ends at end of input; a stopped bot may hold no handle, but do not wait on stragglers.
    if (code !== 0) process.exit(code);
  },
  (error: Error) => {
    process.stderr.write(`blogbot stopped: ${redactSecrets(error.message)}\n`);
    process.exit(1);
  },
);
