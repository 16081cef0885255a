// Which pid file the bot writes and `npm run reload` reads, and reading it back.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { botPidFile, DEFAULT_PID_FILE, readPidFile, reloadPidFile } from '../src/pid-file.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('botPidFile and reloadPidFile', () => {
  it('use BLOGBOT_PID_FILE when it is set, however the bot was started', () => {
    const env = { BLOGBOT_PID_FILE: 'run/bot.pid' };
    expect(botPidFile(env)).toBe(path.resolve('run/bot.pid'));
    expect(reloadPidFile(env)).toBe(path.resolve('run/bot.pid'));
  });

  it('agree on the default under npm start, and the bot writes none when started otherwise', () => {
    expect(botPidFile({ npm_lifecycle_event: 'start' })).toBe(path.resolve(DEFAULT_PID_FILE));
    expect(reloadPidFile({})).toBe(path.resolve(DEFAULT_PID_FILE));
    expect(botPidFile({})).toBeUndefined();
    // Each shard of `npm run start:sharded` is a bot of its own: one file could name only one of them.
    expect(botPidFile({ npm_lifecycle_event: 'start:sharded' })).toBeUndefined();
  });
});

describe('readPidFile', () => {
  it('reads the process id, and nothing from a missing file or one without a process id', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogbot-pid-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'good.pid'), '4321\n');
    await writeFile(path.join(dir, 'bad.pid'), 'not a pid\n');
    expect(await readPidFile(path.join(dir, 'good.pid'))).toBe(4321);
    expect(await readPidFile(path.join(dir, 'bad.pid'))).toBeUndefined();
    expect(await readPidFile(path.join(dir, 'missing.pid'))).toBeUndefined();
  });
});
