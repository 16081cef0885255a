import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, requireDiscordSettings } from '../src/config.js';
import { PROJECT } from './content/factories.js';

const ID = '123456789012345678';

describe('readConfig', () => {
  it('has sensible defaults when nothing is set', () => {
    expect(readConfig({})).toEqual({
      CONTENT_DIR: 'content',
      FREE_TEXT: true,
      LOG_LEVEL: 'info',
      ASK_RATE_LIMIT: { count: 5, windowMs: 10_000 },
      MODERATOR_ROLE_IDS: [],
      FORUM_CHANNEL_IDS: [],
      ASK_CHANNEL_IDS: [],
      MESSAGE_CONTENT: false,
      SHARD_COUNT: 'auto',
      DATA_DIR: '.data/blogbot',
      LOG_QUESTIONS: true,
      QUESTION_RETENTION_DAYS: 90,
    });
  });

  it('treats empty values (as in a fresh .env) as not set', () => {
    expect(readConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ', FREE_TEXT: '', ASK_RATE_LIMIT: '' })).toEqual(readConfig({}));
  });

  it('reads every setting', () => {
    expect(
      readConfig({
        DISCORD_TOKEN: ' abc.def.ghi ',
        DISCORD_CLIENT_ID: ID,
        DISCORD_GUILD_ID: ID,
        DISCORD_API_URL: 'http://127.0.0.1:8080/api',
        CONTENT_DIR: '/srv/blog',
        FREE_TEXT: 'No',
        LOG_LEVEL: 'debug',
        ASK_RATE_LIMIT: '3/60s',
        MODERATOR_ROLE_IDS: `${ID}, 223456789012345678`,
        BLOG_NAME: ' Field Notes ',
        FORUM_CHANNEL_IDS: `${ID},223456789012345678`,
        ASK_CHANNEL_IDS: ID,
        MESSAGE_CONTENT: 'yes',
        SHARD_COUNT: '4',
        SHARD_IDS: '0-1',
        DATA_DIR: '/var/lib/blogbot',
        LOG_QUESTIONS: 'off',
        QUESTION_RETENTION_DAYS: '30',
      }),
    ).toEqual({
      DISCORD_TOKEN: 'abc.def.ghi',
      DISCORD_CLIENT_ID: ID,
      DISCORD_GUILD_ID: ID,
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
      CONTENT_DIR: '/srv/blog',
      FREE_TEXT: false,
      LOG_LEVEL: 'debug',
      ASK_RATE_LIMIT: { count: 3, windowMs: 60_000 },
      MODERATOR_ROLE_IDS: [ID, '223456789012345678'],
      BLOG_NAME: 'Field Notes',
      FORUM_CHANNEL_IDS: [ID, '223456789012345678'],
      ASK_CHANNEL_IDS: [ID],
      MESSAGE_CONTENT: true,
      SHARD_COUNT: 4,
      SHARD_IDS: '0-1',
      DATA_DIR: '/var/lib/blogbot',
      LOG_QUESTIONS: false,
      QUESTION_RETENTION_DAYS: 30,
    });
  });

  it.each([
    [{ DISCORD_GUILD_ID: 'abc' }, 'The setting DISCORD_GUILD_ID must be a Discord id (17 to 20 digits).'],
    [{ DISCORD_CLIENT_ID: '12' }, 'The setting DISCORD_CLIENT_ID must be a Discord id (17 to 20 digits).'],
    [{ DISCORD_API_URL: 'notaurl' }, 'The setting DISCORD_API_URL must be an http(s) address such as http://127.0.0.1:8080/api.'],
    [{ DISCORD_API_URL: 'ftp://example.com/api' }, 'The setting DISCORD_API_URL must start with http:// or https://.'],
    [{ FREE_TEXT: 'maybe' }, 'The setting FREE_TEXT must be true or false.'],
    [{ FORUM_CHANNEL_IDS: 'general' }, 'The setting FORUM_CHANNEL_IDS must be Discord channel ids (17 to 20 digits) separated by commas.'],
    [{ MESSAGE_CONTENT: 'sure' }, 'The setting MESSAGE_CONTENT must be true or false.'],
    [{ ASK_RATE_LIMIT: 'fast' }, 'The setting ASK_RATE_LIMIT must look like 5/10s (requests per seconds).'],
    [{ ASK_RATE_LIMIT: '0/10s' }, 'The setting ASK_RATE_LIMIT must allow at least 1 request in at least 1 second, like 5/10s.'],
    [{ ASK_RATE_LIMIT: '5/0s' }, 'The setting ASK_RATE_LIMIT must allow at least 1 request in at least 1 second, like 5/10s.'],
    [{ LOG_LEVEL: 'loud' }, 'The setting LOG_LEVEL must be one of fatal, error, warn, info, debug, trace or silent.'],
    [{ MODERATOR_ROLE_IDS: `${ID},mods` }, 'The setting MODERATOR_ROLE_IDS must be Discord role ids (17 to 20 digits) separated by commas.'],
    [{ SHARD_COUNT: 'many' }, 'The setting SHARD_COUNT must be auto or a whole number from 1.'],
    [{ SHARD_COUNT: '0' }, 'The setting SHARD_COUNT must be auto or a whole number from 1.'],
    [{ SHARD_IDS: '1,2' }, 'The setting SHARD_IDS must be a shard id or a range such as 0-3.'],
    [{ LOG_QUESTIONS: 'sometimes' }, 'The setting LOG_QUESTIONS must be true or false.'],
    [{ QUESTION_RETENTION_DAYS: '0' }, 'The setting QUESTION_RETENTION_DAYS must be a whole number of days from 1, such as 90.'],
    [{ QUESTION_RETENTION_DAYS: '90d' }, 'The setting QUESTION_RETENTION_DAYS must be a whole number of days from 1, such as 90.'],
  ])('%j → one clear sentence naming the setting', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('requireDiscordSettings names the missing token and how to set it', () => {
    expect(() => requireDiscordSettings(readConfig({}))).toThrow(
      new ConfigError('The setting DISCORD_TOKEN is missing: copy .env.example to .env and fill it in.'),
    );
    expect(() => requireDiscordSettings(readConfig({ DISCORD_TOKEN: 'x'.repeat(20) }))).not.toThrow();
  });
});

describe('.env.example', () => {
  const example = dotenv.parse(readFileSync(path.join(PROJECT, '.env.example'), 'utf8'));

  it('holds no secret: every value is empty or a non-secret default', () => {
    const allowed: Record<string, string> = { CONTENT_DIR: 'content', FREE_TEXT: 'true', LOG_LEVEL: 'info', ASK_RATE_LIMIT: '5/10s', DATA_DIR: '.data/blogbot', LOG_QUESTIONS: 'true', QUESTION_RETENTION_DAYS: '90', MESSAGE_CONTENT: 'false' };
    for (const [key, value] of Object.entries(example)) {
      if (value !== '') expect({ key, value }).toEqual({ key, value: allowed[key] });
    }
    expect(example.DISCORD_TOKEN).toBe('');
  });

  it('documents every setting readConfig reads, and is valid as it stands', () => {
    expect(Object.keys(example)).toEqual(expect.arrayContaining(['DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID', 'CONTENT_DIR', 'DISCORD_API_URL', 'FREE_TEXT', 'LOG_LEVEL', 'ASK_RATE_LIMIT', 'MODERATOR_ROLE_IDS', 'DATA_DIR', 'LOG_QUESTIONS', 'QUESTION_RETENTION_DAYS', 'BLOG_NAME', 'FORUM_CHANNEL_IDS', 'ASK_CHANNEL_IDS', 'MESSAGE_CONTENT']));
    expect(readConfig(example)).toEqual(readConfig({}));
  });
});
