// The sharded entry point (node --import tsx src/sharded.ts) against the fake Discord: one process per shard,
// each guild answered by the shard Discord routes it to, a /reload on one shard replayed on the other,
// SHARD_IDS running only part of the shards, and no shard process left behind after SIGTERM.
import { readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, botProcesses, expectNoSecret } from '../support/bot-process.js';
import type { FakeDiscord, FakeGuildSpec } from '../support/fake-discord.js';
import { nextUserId, postUrl, spawnScript, type ChildRun } from '../support/test-bot.js';
import { entryOf, essays, rssFeed } from '../content/sources/feeds.js';
import { webServer } from '../content/sources/web-server.js';

// (id >> 22) % 2: the first guild's events go to shard 0, the second's to shard 1.
const GUILD_0 = '100000000000000001';
const GUILD_1 = '100000000004194305';
const GUILDS: FakeGuildSpec[] = [
  { id: GUILD_0, name: 'shard-zero', channels: [{ id: '200000000000000001', name: 'general' }] },
  { id: GUILD_1, name: 'shard-one', channels: [{ id: '200000000004194305', name: 'general' }] },
];
const CHANNEL_1 = '200000000004194305';
const MANAGE_SERVER = '32';
const QUOKKA = 'The quokka ledger of shard replay keeps every sensor honest.';

const procs = botProcesses();
const managers: ChildRun[] = [];
afterAll(async () => {
  // SIGKILL only what a test left running; its shards then see the IPC channel close and stop on their own.
  await Promise.all(managers.map((m) => m.kill()));
});

function runSharded(env: Record<string, string>): ChildRun {
  const manager = spawnScript('src/sharded.ts', { DISCORD_TOKEN: BOT_TOKEN, LOG_LEVEL: 'info', ...env });
  managers.push(manager);
  return manager;
}

/** Pids of the shard processes, from the manager's "shard process started" lines. */
function shardPids(manager: ChildRun): Map<number, number> {
  const pids = new Map<number, number>();
  for (const line of manager.stderr.split('\n')) {
    if (!line.includes('"msg":"shard process started"')) continue;
    const entry = JSON.parse(line) as { shard: number; pid: number };
    pids.set(entry.shard, entry.pid);
  }
  return pids;
}

/** Still running: signal 0 reaches it and (on Linux) it is not a zombie waiting for a parent to reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) STATE ...": an orphan that exited may wait a while for init to reap it.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function stopAndExpectNothingLeft(manager: ChildRun, discord: FakeDiscord, pids: number[]): Promise<void> {
  manager.child.kill('SIGTERM');
  expect(await manager.exited).toBe(0);
  // The manager waits for its shards: each stopped on the SIGTERM it relayed, none had to be killed.
  expect(pids.filter(alive)).toEqual([]);
  expect(manager.stderr.match(/"signal":"SIGTERM","inFlight":0,"msg":"shutting down"/g)).toHaveLength(pids.length);
  expect(manager.stderr).not.toMatch(/still running after the wait/);
  await expect.poll(() => discord.openGatewaySockets, { timeout: 3000, interval: 50 }).toBe(0);
}

describe('npm run start:sharded (SHARD_COUNT=auto, Discord recommends 2 shards)', () => {
  let discord: FakeDiscord;
  let manager: ChildRun;
  let contentDir: string;
  beforeAll(async () => {
    // A bot Discord lets start 16 sessions per 5 s (big bots may): the shards start 5.5 s / 16 apart.
    discord = await procs.fake({ guilds: GUILDS, shards: 2, maxConcurrency: 16 });
    expect([discord.shardOf(GUILD_0, 2), discord.shardOf(GUILD_1, 2)]).toEqual([0, 1]);
    contentDir = await procs.content();
    manager = runSharded({
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_DIR: contentDir,
      SHARD_COUNT: 'auto',
    });
    // Generous bound for a loaded machine.
    await manager.waitForOutput(/"msg":"all shards ready"/, 40_000);
  }, 45_000);

  it('asks Discord for the shard count, then each shard identifies as [id, 2] and gets only its guild', async () => {
    expect(discord.requests.some((r) => r.method === 'GET' && r.path === '/api/v10/gateway/bot')).toBe(true);
    expect(manager.stderr).toMatch(/"msg":"all shards ready"/);
    expect(manager.stderr).toMatch(/"shards":\[0,1\],"totalShards":2/);
    // At the pace Discord allows this bot (max_concurrency 16), not discord.js's 5.5 s between shards.
    expect(manager.stderr).toMatch(/"shards":\[0,1\],"everyMs":344,"msg":"starting the shards"/);
    const shard0 = await discord.waitForShard(0);
    const shard1 = await discord.waitForShard(1);
    expect(shard0.shard).toEqual([0, 2]);
    expect(shard1.shard).toEqual([1, 2]);
    expect(discord.identifies.map((d) => d.shard)).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(discord.shardSessions.map((s) => [s.shard, s.connected])).toEqual([
      [[0, 2], true],
      [[1, 2], true],
    ]);
    // Each shard's bot reports the one guild Discord gave it (a shard's own log line may trail the manager's).
    await manager.waitForOutput(/("guilds":1,"posts":\d+,"msg":"bot ready"[\s\S]*){2}/, 5000);
    expect(manager.stderr.match(/"msg":"bot ready"/g)).toHaveLength(2);
    expect([...shardPids(manager).keys()].sort()).toEqual([0, 1]);
  });

  it('answers /ask in each guild from the shard that owns it', async () => {
    const inGuild0 = await discord.sendCommand(
      'ask',
      { question: 'Why should post-mortems be blameless?' },
      { guildId: GUILD_0, userId: nextUserId() },
    );
    const inGuild1 = await discord.sendCommand(
      'ask',
      { question: 'What did the author try at the Porsche museum?' },
      { guildId: GUILD_1, userId: nextUserId() },
    );
    expect([inGuild0.shard, inGuild1.shard]).toEqual([0, 1]);
    expect(String((await inGuild0.final()).embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(
      true,
    );
    expect(String((await inGuild1.final()).embeds[0].url).startsWith(await postUrl('testing-out-hololens'))).toBe(true);
  });

  it('a /reload on shard 0 is replayed on shard 1: /ask in the guild of shard 1 finds the new sentence', async () => {
    const ask1 = async () =>
      (
        await discord.sendCommand('ask', { question: 'quokka ledger' }, { guildId: GUILD_1, userId: nextUserId() })
      ).final();
    const mentionsQuokka = (data: Record<string, any>) =>
      // (the excerpt bolds the searched words)
      ((data.embeds ?? []) as Array<Record<string, any>>).some((e) =>
        /quokka ledger of shard replay/i.test(String(e.description).replaceAll('**', '')),
      );
    expect(mentionsQuokka(await ask1())).toBe(false);

    await appendFile(path.join(contentDir, 'iot-challenges.md'), `\n${QUOKKA}\n`);
    const reload = await discord.sendCommand(
      'reload',
      {},
      { guildId: GUILD_0, permissions: MANAGE_SERVER, userId: nextUserId() },
    );
    expect(reload.shard).toBe(0);
    expect((await reload.final()).content).toMatch(/iot-challenges/);

    await manager.waitForOutput(/"shards":\[1\],"from":0,"posts":\d+,"msg":"reloaded after another shard"/, 5000);
    let answer: Record<string, any> = {};
    await expect.poll(async () => mentionsQuokka((answer = await ask1())), { timeout: 5000, interval: 100 }).toBe(true);
    expect(String(answer.embeds[0].url).startsWith(await postUrl('iot-challenges'))).toBe(true);
    // The shard that reloaded itself does not reload a second time.
    expect(manager.stderr).not.toMatch(/"shards":\[0\],"from":0/);
  });

  it('on SIGTERM the manager stops every shard process and exits 0', async () => {
    const pids = [...shardPids(manager).values()];
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);
    await stopAndExpectNothingLeft(manager, discord, pids);
    expectNoSecret(manager);
  });
});

describe('SHARD_IDS=1-1 with SHARD_COUNT=2', () => {
  it('starts only shard 1, which serves only the guild of shard 1', async () => {
    const discord = await procs.fake({ guilds: GUILDS });
    const manager = runSharded({
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_DIR: await procs.content(),
      SHARD_COUNT: '2',
      SHARD_IDS: '1-1',
    });
    await manager.waitForOutput(/"msg":"all shards ready"/, 25_000);
    expect(manager.stderr).toMatch(/"shards":\[1\],"totalShards":2/);
    expect((await discord.waitForShard(1)).shard).toEqual([1, 2]);
    expect(discord.identifies.map((d) => d.shard)).toEqual([[1, 2]]);
    expect(discord.requests.filter((r) => r.path === '/api/v10/gateway/bot').length).toBeGreaterThan(0);
    const reply = await discord.sendCommand(
      'ask',
      { question: 'edge tpu' },
      { guildId: GUILD_1, userId: nextUserId() },
    );
    expect((await reply.final()).embeds.length).toBeGreaterThan(0);
    await expect(discord.sendCommand('ask', { question: 'edge tpu' }, { guildId: GUILD_0 })).rejects.toThrow(
      /no gateway session for shard 0 of 2/,
    );
    const pids = [...shardPids(manager).values()];
    expect([...shardPids(manager).keys()]).toEqual([1]);
    await stopAndExpectNothingLeft(manager, discord, pids);
  }, 30_000);
});

describe('a shard whose manager dies (SIGKILL, no chance to stop it)', () => {
  it('stops by itself instead of staying logged in as an orphan', async () => {
    const discord = await procs.fake();
    const manager = runSharded({
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_DIR: await procs.content(),
      SHARD_COUNT: '1',
    });
    await manager.waitForOutput(/"msg":"all shards ready"/, 25_000);
    await discord.waitForShard(0);
    const [pid] = [...shardPids(manager).values()];
    expect(pid).toBeDefined();
    manager.child.kill('SIGKILL');
    await manager.exited;
    await expect.poll(() => alive(pid!), { timeout: 8000, interval: 50 }).toBe(false);
    await expect.poll(() => discord.openGatewaySockets, { timeout: 3000, interval: 50 }).toBe(0);
    expect(manager.stderr).toMatch(/"msg":"the shard manager went away: stopping"/);
  }, 30_000);
});

describe('two machines (SHARD_IDS 0 and 1 of 2, each with its own DATA_DIR) announcing new posts', () => {
  it("only the shard holding the announcement channel's server announces, once", async () => {
    const posts = await essays();
    const entries = posts.slice(0, 3).map(entryOf);
    const feed = await webServer({ '/feed': { body: rssFeed(entries) } });
    const discord = await procs.fake({ guilds: GUILDS, maxConcurrency: 16 });
    const env = (dataDir: string) => ({
      DISCORD_API_URL: discord.apiUrl,
      CONTENT_SOURCE: `feed:${feed.origin}/feed`,
      REFRESH_INTERVAL: '1s',
      ANNOUNCE_CHANNEL_ID: CHANNEL_1,
      DATA_DIR: dataDir,
      BLOGBOT_CACHE_DIR: dataDir,
      SHARD_COUNT: '2',
      LOG_LEVEL: 'debug',
    });
    const machines = [
      runSharded({ ...env(await procs.content()), SHARD_IDS: '0-0' }),
      runSharded({ ...env(await procs.content()), SHARD_IDS: '1-1' }),
    ];
    for (const manager of machines) await manager.waitForOutput(/"msg":"all shards ready"/, 25_000);
    // The machine of shard 1 recorded the first load; the other never looks for new posts.
    await machines[1]!.waitForOutput(/"msg":"looked for new posts"/, 10_000);

    const today = new Date().toISOString().slice(0, 10);
    const link = 'https://blog.example/sharded-news/';
    feed.routes['/feed'] = {
      body: rssFeed([
        ...entries,
        { title: 'Sharded news', link, date: today, html: '<p>Both shards read it.</p>', id: 'sharded-news' },
      ]),
    };
    const message = await discord.waitForChannelMessage((sent) => sent.channelId === CHANNEL_1, 15_000);
    expect((message.body.embeds as Array<Record<string, unknown>>)[0]).toMatchObject({
      title: 'Sharded news',
      url: link,
    });
    // Both machines took the new post in; only one message was sent.
    for (const manager of machines)
      await manager.waitForOutput(/"added":\["sharded-news"\][^\n]*"msg":"refresh: reloaded"/, 10_000);
    await machines[1]!.waitForOutput(/"msg":"new posts announced"/, 5000);
    expect(discord.channelMessagesSent.filter((sent) => sent.channelId === CHANNEL_1)).toHaveLength(1);
    expect(machines[0]!.stderr).not.toMatch(/looked for new posts|new posts announced/);
    for (const manager of machines) {
      manager.child.kill('SIGTERM');
      expect(await manager.exited).toBe(0);
    }
  }, 60_000);
});
