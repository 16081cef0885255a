/**
 * test-bot: the bot's own start-up code (startBot, with a real discord.js Client) logged in to a fake Discord.
 *
 *   const t = await startTestBot({ env: { FREE_TEXT: 'false' } });  // fresh copy of content/ in a temp folder
 *   const reply = await t.discord.sendCommand('ask', { question: 'edge tpu' }, { userId: nextUserId() });
 *   await reply.final();
 *   t.logs                                 // parsed pino lines the bot wrote
 *   await t.stop();                        // bot.stop() (drain + destroy), fake closed, temp folder removed
 *
 * Processes: spawnMain(env) runs `src/main.ts` as a child (see its doc) and collects its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientOptions } from 'discord.js';
import { contentSources, readConfig, sourceOptions, type Config } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/bot.js';
import { Library } from '../../src/library.js';
import { createLogger } from '../../src/log.js';
import { refresherFor, type Refresher } from '../../src/refresh.js';
import { nodeArgsFor } from './node-args.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type Json } from './fake-discord.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTENT = path.join(ROOT, 'content');

/** Discord's documented limits, written out here so the tests do not trust the code under test. */
export const LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, footer: 2048, embedTotal: 6000 };

/** REST without the rate-limit safety offset and with a short timeout; identify without the 5 s spacing. */
export const TEST_CLIENT_OPTIONS: Partial<ClientOptions> = {
  rest: { offset: 0, timeout: 3000 },
  ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
};

export interface TestBotOptions {
  /** Use this folder as is; by default a fresh temp copy of content/ (see `contentDir` on the result). */
  contentDir?: string;
  /** Files (name → text) added to the temp copy before the bot starts. */
  extraFiles?: Record<string, string>;
  /** Settings as in the environment (FREE_TEXT, ASK_RATE_LIMIT, ...). */
  env?: Record<string, string>;
  fake?: FakeDiscordOptions;
  /** Change the real Library before the bot gets it (e.g. make one method throw). */
  patchLibrary?: (library: Library) => void;
  /** Where the index snapshot goes (default: the project's cache folder); false: none. */
  cacheDir?: string | false;
  /** How long a command may work before its reply is deferred; 0 defers every reply (the path of a slow answer). */
  deferAfterMs?: number;
}

export interface TestBot {
  discord: FakeDiscord;
  bot: RunningBot;
  library: Library;
  /** The automatic refresh as the settings ask for it (REFRESH_INTERVAL, WATCH_CONTENT); `refresh()` runs one now. */
  refresher: Refresher;
  config: Config & { DISCORD_TOKEN: string };
  contentDir: string;
  /** DATA_DIR (the question log): a fresh temp folder unless `env.DATA_DIR` is given, removed by stop() only then. */
  dataDir: string;
  /** The bot's log lines, parsed. */
  logs: Json[];
  stop(): Promise<void>;
}

export async function copyContent(from = CONTENT): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogbot-e2e-'));
  await cp(from, dir, { recursive: true });
  return dir;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const ownDir = options.contentDir === undefined;
  const contentDir = options.contentDir ?? (await copyContent());
  for (const [name, text] of Object.entries(options.extraFiles ?? {}))
    await writeFile(path.join(contentDir, name), text);
  const discord = await startFakeDiscord(options.fake);
  const logs: Json[] = [];
  // Never the project's own .data folder: each bot gets its own question log unless the test shares one.
  const ownData = options.env?.DATA_DIR === undefined;
  const dataDir = options.env?.DATA_DIR ?? path.join(await mkdtemp(path.join(tmpdir(), 'blogbot-e2e-data-')), 'data');
  const cleanUp = async () => {
    await discord.close();
    if (ownDir) await rm(contentDir, { recursive: true, force: true });
    if (ownData) await rm(path.dirname(dataDir), { recursive: true, force: true });
  };
  try {
    const config = readConfig({
      DISCORD_TOKEN: 'test-token-not-secret',
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_DIR: contentDir,
      LOG_LEVEL: 'debug',
      DATA_DIR: dataDir,
      ...options.env,
    }) as Config & { DISCORD_TOKEN: string };
    const log = createLogger(config.LOG_LEVEL, { write: (line: string) => void logs.push(JSON.parse(line) as Json) });
    // As src/main.ts opens it: CONTENT_SOURCE when the test sets it, else the folder.
    const library = await Library.open({
      sources: contentSources(config, {}, process.cwd()).specs,
      sourceOptions: sourceOptions(config),
      startUnloaded: true,
      ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    });
    options.patchLibrary?.(library);
    const refresher = refresherFor(config, library, log);
    const bot = await startBot(config, library, log, TEST_CLIENT_OPTIONS, undefined, {
      refresher,
      ...(options.deferAfterMs !== undefined && { deferAfterMs: options.deferAfterMs }),
    });
    refresher.start();
    await discord.waitForIdentify();
    let stopped = false;
    return {
      discord,
      bot,
      library,
      refresher,
      config,
      contentDir,
      dataDir,
      logs,
      async stop() {
        if (stopped) return;
        stopped = true;
        refresher.stop();
        await bot.stop(2000);
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

let userCounter = 0n;
/** A fresh member id per call, so the per-member cooldown never links two tests. */
export function nextUserId(): string {
  userCounter += 1n;
  return (500000000000000000n + BigInt(process.pid) * 100000n + userCounter).toString();
}

export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything the bot sent that Discord would show: interaction callbacks, edits, follow-ups and channel messages. */
export function sentBodies(discord: FakeDiscord): Json[] {
  return discord.requests
    .filter((r) => r.method !== 'GET' && r.body && typeof r.body === 'object')
    .filter((r) => /\/callback$|\/webhooks\/|\/channels\/\d+\/messages/.test(r.path))
    .map((r) => (r.path.endsWith('/callback') ? ((r.body as Json).data ?? {}) : (r.body as Json)));
}

/** Checks a message body against Discord's limits; returns the problems (empty when fine). */
export function limitProblems(body: Json): string[] {
  const problems: string[] = [];
  const embeds = (body.embeds ?? []) as Json[];
  if (String(body.content ?? '').length > LIMITS.content)
    problems.push(`content ${String(body.content).length} > ${LIMITS.content}`);
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds > ${LIMITS.embeds}`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const title = String(e.title ?? '');
    const description = String(e.description ?? '');
    const footer = String(e.footer?.text ?? '');
    if (title.length > LIMITS.title) problems.push(`embed ${i} title ${title.length}`);
    if (description.length > LIMITS.description) problems.push(`embed ${i} description ${description.length}`);
    if (footer.length > LIMITS.footer) problems.push(`embed ${i} footer ${footer.length}`);
    total += title.length + description.length + footer.length + String(e.author?.name ?? '').length;
    for (const f of (e.fields ?? []) as Json[]) total += String(f.name).length + String(f.value).length;
  }
  if (total > LIMITS.embedTotal) problems.push(`embeds total ${total} > ${LIMITS.embedTotal}`);
  return problems;
}

/** The `url:` line of a post's front matter. */
export async function postUrl(slug: string, dir = CONTENT): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(path.join(dir, `${slug}.md`), 'utf8');
  const url = /^url:\s*(.+)$/m
    .exec(text)?.[1]
    ?.trim()
    .replace(/^["']|["']$/g, '');
  if (!url) throw new Error(`no url in ${slug}.md`);
  return url;
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

export interface ChildRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Resolves once `pattern` appears in stderr or stdout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL if still running (for afterAll). */
  kill(): Promise<void>;
}

const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/**
 * Runs a script of the project as a child process, with only the given settings (no inherited DISCORD_*), and a
 * fresh DATA_DIR unless one is given.
 * `via: 'node'` (default) runs one node process, so signals reach the bot itself: the compiled build when the
 * end-to-end files have one (test/support/global-setup.ts), else `node --import tsx <script>`.
 * `via: 'tsx'` runs it like `npx tsx <script>` (tsx's own CLI, which relays SIGINT/SIGTERM to its child), as the
 * npm scripts do.
 * The working directory is a temp folder so a developer's .env is never read.
 */
export function spawnScript(
  script: string,
  env: Record<string, string>,
  options: { via?: 'node' | 'tsx'; cwd?: string; args?: string[] } = {},
): ChildRun {
  const run = options.via === 'tsx' ? [TSX_CLI, path.join(ROOT, script)] : nodeArgsFor(script);
  return spawnCommand(process.execPath, [...run, ...(options.args ?? [])], env, options.cwd ?? tmpdir());
}

/** Runs `npm <args>` in the project folder (as a user would, e.g. `npm start`), with only the given settings. */
export function spawnNpm(args: string[], env: Record<string, string>): ChildRun {
  const quiet = { npm_config_update_notifier: 'false', npm_config_fund: 'false' };
  return spawnCommand(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...quiet, ...env }, ROOT);
}

function spawnCommand(command: string, args: string[], env: Record<string, string>, cwd: string): ChildRun {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'])
    if (process.env[key]) base[key] = process.env[key]!;
  // A question log of its own (removed once the process exits) unless the test gives DATA_DIR.
  const ownData = env.DATA_DIR === undefined ? mkdtempSync(path.join(tmpdir(), 'blogbot-data-')) : undefined;
  const child = spawn(command, args, {
    cwd,
    env: { ...base, ...(ownData ? { DATA_DIR: ownData } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of [...watchers]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const w of [...watchers]) w();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    for (const w of [...watchers]) w();
    if (ownData) rmSync(ownData, { recursive: true, force: true });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    waitForOutput(pattern, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) {
            finish();
            resolve();
          } else if (done) {
            finish();
            reject(new Error(`process exited before printing ${pattern}\nstderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for ${pattern}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    async kill() {
      if (done || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
