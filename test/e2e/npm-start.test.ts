// The bot under `npm start`, signalled from a shell as a user would: `npm run reload` reaches the bot through its pid
// file; SIGTERM on npm's pid reaches the bot; `kill -HUP` on npm's pid (npm ends on SIGHUP without passing it on)
// stops the bot instead of leaving it running unseen. Real npm, real processes, against the fake Discord.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, expectNoSecret } from '../support/bot-process.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { copyContent, spawnNpm, type ChildRun } from '../support/test-bot.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Whether process `pid` is still running (a process that ended but was not yet reaped counts as ended). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

interface NpmStart {
  npm: ChildRun;
  /** The bot's own process id, from its pid file. */
  botPid: number;
  pidFile: string;
  contentDir: string;
  discord: FakeDiscord;
}

async function npmStart(): Promise<NpmStart> {
  const discord = await startFakeDiscord({ defaultTimeoutMs: 10_000 });
  const contentDir = await copyContent();
  const dir = await mkdtemp(path.join(tmpdir(), 'blogbot-npm-start-'));
  const pidFile = path.join(dir, 'bot.pid');
  // `npm start` runs in the project folder (where a developer's .env fills only the settings not given here); the
  // settings keep its pid file and snapshots in the temp folder.
  const npm = spawnNpm(['start'], {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    CONTENT_DIR: contentDir,
    LOG_LEVEL: 'info',
    BLOGBOT_PID_FILE: pidFile,
    BLOGBOT_CACHE_DIR: path.join(dir, 'cache'),
  });
  cleanups.push(async () => {
    await npm.kill();
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (pid > 0 && running(pid)) process.kill(pid, 'SIGKILL');
    await discord.close();
    await rm(dir, { recursive: true, force: true });
    await rm(contentDir, { recursive: true, force: true });
  });
  await npm.waitForOutput(/"msg":"bot ready"/, 30_000);
  await expect.poll(() => readFile(pidFile, 'utf8').catch(() => ''), { timeout: 10_000 }).toMatch(/^\d+\n$/);
  const botPid = Number((await readFile(pidFile, 'utf8')).trim());
  return { npm, botPid, pidFile, contentDir, discord };
}

async function npmReload(pidFile: string): Promise<{ code: number | string; run: ChildRun }> {
  const run = spawnNpm(['run', '--silent', 'reload'], { BLOGBOT_PID_FILE: pidFile });
  return { code: await run.exited, run };
}

describe.skipIf(process.platform === 'win32')('npm start, signalled from a shell', () => {
  it('npm run reload makes the bot read the posts again; kill -HUP on npm stops the bot rather than orphan it', {
    timeout: 90_000,
  }, async () => {
    const { npm, botPid, pidFile, contentDir } = await npmStart();
    expect(botPid).not.toBe(npm.child.pid);

    await writeFile(
      path.join(contentDir, 'a-new-post.md'),
      '---\ntitle: A new post\ndate: 2024-05-01\nurl: https://example.com/new\n---\n\nFresh words about gardening.\n',
    );
    const reload = await npmReload(pidFile);
    expect(reload.code).toBe(0);
    expect(reload.run.stdout.trim()).toBe(
      `Asked the bot (process ${botPid}) to reload the posts; its log says what changed.`,
    );
    await npm.waitForOutput(/"added":\["a-new-post"\],[^\n]*"msg":"reload done"/);
    expect(running(botPid)).toBe(true);

    // What the README used to say, done on the pid a shell sees: npm's.
    npm.child.kill('SIGHUP');
    expect(await npm.exited).toBe('SIGHUP');
    await expect.poll(() => running(botPid), { timeout: 15_000 }).toBe(false);
    expect(npm.stderr).toContain(
      'npm, which started the bot, has ended (npm ends on SIGHUP): stopping. To reload, run npm run reload.',
    );
    expect(npm.stderr).toMatch(/"signal":"npm ended"[^\n]*"msg":"shutting down"/);
    await expect(readFile(pidFile, 'utf8')).rejects.toThrow(/ENOENT/);
    expectNoSecret(npm);

    // With the bot gone, npm run reload says so in one sentence.
    const after = await npmReload(pidFile);
    expect(after.code).toBe(1);
    expect(after.run.stderr.trim()).toBe(
      `No running bot found: there is no ${pidFile} (written once the bot is connected).`,
    );
  });

  it('SIGTERM on npm reaches the bot, which stops in order and removes its pid file', { timeout: 60_000 }, async () => {
    const { npm, botPid, pidFile } = await npmStart();
    npm.child.kill('SIGTERM');
    await npm.exited;
    await expect.poll(() => running(botPid), { timeout: 15_000 }).toBe(false);
    expect(npm.stderr).toMatch(/"signal":"SIGTERM"[^\n]*"msg":"shutting down"/);
    await expect(readFile(pidFile, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
