// End-to-end figures: the real bot process (`src/main.ts`) against the local fake Discord. How long from process
// start to "bot ready" (first start, then a restart that can use the index snapshot), and how long each of 1,000
// /ask interactions takes from INTERACTION_CREATE sent to the interaction callback received.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord, type FakeDiscord } from '../test/support/fake-discord.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INTERACTIONS = 1000;
const IN_FLIGHT = 8;
/** A burst: this many /ask sent at once, as a busy server would. */
const BURST = 500;
const DISCORD_WINDOW_MS = 3000;
const READY_TIMEOUT_MS = 120_000;

interface RunningBot {
  child: ChildProcess;
  readyMs: number;
  /** Whether the bot started from the index snapshot (its "content loaded" log line says). */
  fromSnapshot: boolean;
}

async function startBotProcess(discord: FakeDiscord, dir: string, cacheDir: string): Promise<RunningBot> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT,
    env: {
      ...process.env,
      DISCORD_TOKEN: 'bench.fake.token',
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_DIR: dir,
      BLOGBOT_CACHE_DIR: cacheDir,
      // The question log is on, as deployed, in a folder of its own.
      DATA_DIR: path.join(cacheDir, 'data'),
      ASK_RATE_LIMIT: '1000000/1s',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bot not ready after ${READY_TIMEOUT_MS} ms:\n${stderr.slice(-2000)}`)),
      READY_TIMEOUT_MS,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('"msg":"bot ready"')) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code} before ready:\n${stderr.slice(-2000)}`));
    });
  });
  child.stderr!.resume();
  return { child, readyMs, fromSnapshot: stderr.includes('"fromSnapshot":true') };
}

async function stopBotProcess(bot: RunningBot): Promise<void> {
  if (bot.child.exitCode !== null) return;
  const exited = new Promise((resolve) => bot.child.once('exit', resolve));
  bot.child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process, from /proc (Linux); '?' elsewhere. */
function residentMB(pid: number): string {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? (Number(kb) / 1024).toFixed(0) : '?';
  } catch {
    return '?';
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measureEndToEnd(input: {
  size: string;
  dir: string;
  queries: string[];
}): Promise<Array<{ label: string; value: string }>> {
  const discord = await startFakeDiscord({ defaultTimeoutMs: 30_000 });
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), `blogbot-e2e-cache-${input.size}-`));
  try {
    const first = await startBotProcess(discord, input.dir, cacheDir);
    await stopBotProcess(first);
    const bot = await startBotProcess(discord, input.dir, cacheDir);
    try {
      const latencies: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < INTERACTIONS) {
          const n = next++;
          const question = input.queries[n % input.queries.length]!;
          const sent = performance.now();
          const handle = await discord.sendCommand(
            'ask',
            { question },
            { userId: String(500000000000000000n + BigInt(n)) },
          );
          await handle.callback();
          latencies.push(performance.now() - sent);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);

      const rssBefore = residentMB(bot.child.pid!);
      const burst = await Promise.all(
        Array.from({ length: BURST }, async (_, n) => {
          const sent = performance.now();
          const handle = await discord.sendCommand(
            'ask',
            { question: input.queries[n % input.queries.length]! },
            { userId: String(600000000000000000n + BigInt(n)) },
          );
          await handle.callback();
          return performance.now() - sent;
        }),
      );
      burst.sort((a, b) => a - b);
      const rssPeak = residentMB(bot.child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const rssAfter = residentMB(bot.child.pid!);
      return [
        { label: 'ready from process start (first start)', value: `${first.readyMs.toFixed(0)} ms` },
        {
          label: 'ready from process start (restart)',
          value:
            `${bot.readyMs.toFixed(0)} ms ` +
            `(${bot.fromSnapshot ? 'from the snapshot' : 'snapshot not used: re-indexed'})`,
        },
        {
          label: `/ask through discord.js, ${INTERACTIONS} interactions, ${IN_FLIGHT} in flight`,
          value:
            `p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
            `p99 ${percentile(latencies, 99).toFixed(1)} ms, ${(INTERACTIONS / seconds).toFixed(0)}/s`,
        },
        {
          label: `/ask burst, ${BURST} sent at once`,
          value:
            `all answered; p50 ${percentile(burst, 50).toFixed(0)} ms, ` +
            `max ${burst[burst.length - 1]!.toFixed(0)} ms, ` +
            `${burst.filter((ms) => ms > DISCORD_WINDOW_MS).length} over Discord's 3 s; ` +
            `bot RSS ${rssBefore} MB before, ` +
            `${rssPeak} MB after the burst, ${rssAfter} MB 2 s later`,
        },
      ];
    } finally {
      await stopBotProcess(bot);
    }
  } finally {
    await discord.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}
