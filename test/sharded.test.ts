// shardRange (SHARD_IDS → the shards this machine runs) and the entry-point guard of src/sharded.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { shardRange } from '../src/sharded.js';
import { ROOT } from './support/test-bot.js';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('shardRange', () => {
  it('runs every shard when SHARD_IDS is unset (or empty)', () => {
    expect(shardRange(undefined, 4)).toEqual([0, 1, 2, 3]);
    expect(shardRange('', 2)).toEqual([0, 1]);
    expect(shardRange(undefined, 1)).toEqual([0]);
  });

  it('runs a range, inclusive at both ends', () => {
    expect(shardRange('2-3', 4)).toEqual([2, 3]);
    expect(shardRange('0-1', 2)).toEqual([0, 1]);
    expect(shardRange('1-1', 2)).toEqual([1]);
    expect(shardRange('3-7', 10)).toEqual([3, 4, 5, 6, 7]);
  });

  it('runs a single shard given by its id', () => {
    expect(shardRange('0', 1)).toEqual([0]);
    expect(shardRange('3', 4)).toEqual([3]);
  });

  it('refuses shards beyond SHARD_COUNT with one clear sentence', () => {
    expect(configError(() => shardRange('2-4', 4)).message).toBe(
      'The setting SHARD_IDS (2-4) must be within 0-3: there are 4 shards (SHARD_COUNT).',
    );
    expect(configError(() => shardRange('4', 4)).message).toBe(
      'The setting SHARD_IDS (4) must be within 0-3: there are 4 shards (SHARD_COUNT).',
    );
    expect(configError(() => shardRange('1', 1)).message).toBe(
      'The setting SHARD_IDS (1) must be within 0-0: there is 1 shard (SHARD_COUNT).',
    );
  });

  it('refuses a range written backwards', () => {
    expect(configError(() => shardRange('3-2', 4)).message).toBe(
      'The setting SHARD_IDS (3-2) must go from the lower shard id to the higher, such as 2-3.',
    );
  });

  it('refuses what is not a shard id or a range (even without the config check)', () => {
    for (const ids of ['a', '1-', '-1', '1-2-3', '1.5', '0x1']) {
      expect(configError(() => shardRange(ids, 4)).message).toBe(
        `The setting SHARD_IDS (${ids}) must be a shard id or a range such as 0-3.`,
      );
    }
  });
});

describe('src/sharded.ts runs main() only when executed directly', () => {
  // Importing it (as this file does) started nothing. Run directly, a bad SHARD_IDS proves main() ran:
  // SHARD_COUNT is a number, so it stops before any network call.
  const env = { PATH: process.env.PATH ?? '', DISCORD_TOKEN: 'not-a-real-token', SHARD_COUNT: '2', SHARD_IDS: '5' };
  const expected = 'The setting SHARD_IDS (5) must be within 0-1: there are 2 shards (SHARD_COUNT).\n';
  const run = (script: string, cwd: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', script], { cwd, env, encoding: 'utf8', timeout: 15_000 });

  it('with a relative path, as npm run start:sharded does', () => {
    const result = run('src/sharded.ts', ROOT);
    expect(result.stderr).toBe(expected);
    expect(result.status).toBe(1);
  });

  it('through a symlink', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blogbot-sharded-'));
    try {
      symlinkSync(path.join(ROOT, 'src/sharded.ts'), path.join(dir, 'sharded.ts'));
      const result = run(path.join(dir, 'sharded.ts'), ROOT);
      expect(result.stderr).toBe(expected);
      expect(result.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
