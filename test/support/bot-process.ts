/**
 * bot-process: runs `src/main.ts` as a child process against fake Discords, and cleans up after a test file.
 *
 *   const procs = botProcesses();            // registers an afterAll that kills children and closes fakes
 *   const discord = await procs.fake();
 *   const bot = procs.run({ DISCORD_API_URL: discord.apiUrl, CONTENT_DIR: dir });   // token: BOT_TOKEN
 *   await bot.waitForOutput(/"msg":"bot ready"/);
 */
import { rm } from 'node:fs/promises';
import { afterAll, expect } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';
import { copyContent, spawnScript, type ChildRun } from './test-bot.js';

/** Recognisable, so a leak into any output is caught. */
export const BOT_TOKEN = 'MTIz.fake.SECRET-TOKEN-VALUE-123456';

export function botProcesses() {
  const fakes: FakeDiscord[] = [];
  const children: ChildRun[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    for (const fake of fakes) await fake.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  return {
    async fake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
      const discord = await startFakeDiscord({ defaultTimeoutMs: 10_000, ...options });
      fakes.push(discord);
      return discord;
    },
    async content(): Promise<string> {
      const dir = await copyContent();
      dirs.push(dir);
      return dir;
    },
    run(env: Record<string, string>, via: 'node' | 'tsx' = 'node'): ChildRun {
      const child = spawnScript('src/main.ts', { DISCORD_TOKEN: BOT_TOKEN, ...env }, { via });
      children.push(child);
      return child;
    },
  };
}

export function expectNoSecret(child: ChildRun): void {
  expect(child.stdout).not.toContain(BOT_TOKEN);
  expect(child.stderr).not.toContain(BOT_TOKEN);
  expect(child.stderr).not.toContain('SECRET-TOKEN-VALUE');
}

/** The last line of stderr is `sentence`; before it only JSON log lines; no stack trace anywhere. */
export function expectOneSentence(child: ChildRun, sentence: RegExp): void {
  const lines = child.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(sentence);
  for (const line of lines.slice(0, -1)) expect(line.startsWith('{')).toBe(true);
  expect(child.stderr).not.toMatch(/^\s+at /m);
}
