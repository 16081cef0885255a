import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, contentSources, readConfig, requireDiscordSettings, sourceOptions } from '../src/config.js';
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
      WATCH_CONTENT: false,
      DATA_DIR: '.data/blogbot',
      LOG_QUESTIONS: true,
      QUESTION_RETENTION_DAYS: 90,
    });
  });

  it('treats empty values (as in a fresh .env) as not set', () => {
    expect(readConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ', FREE_TEXT: '', ASK_RATE_LIMIT: '' })).toEqual(
      readConfig({}),
    );
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
        CONTENT_SOURCE: 'feed:https://blog.example/feed, ./notes',
        SITE_URL: 'https://blog.example',
        PERMALINK: '/:year/:slug/',
        FETCH_TIMEOUT: '20s',
        FETCH_MAX_BYTES: '5MB',
        REFRESH_INTERVAL: '1h',
        WATCH_CONTENT: 'yes',
        LOG_CHANNEL_ID: ID,
        ANNOUNCE_CHANNEL_ID: ID,
        ANNOUNCE_ROLE_ID: ID,
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
      CONTENT_SOURCE: 'feed:https://blog.example/feed, ./notes',
      SITE_URL: 'https://blog.example',
      PERMALINK: '/:year/:slug/',
      FETCH_TIMEOUT: 20_000,
      FETCH_MAX_BYTES: 5 * 1024 * 1024,
      REFRESH_INTERVAL: 3_600_000,
      WATCH_CONTENT: true,
      LOG_CHANNEL_ID: ID,
      ANNOUNCE_CHANNEL_ID: ID,
      ANNOUNCE_ROLE_ID: ID,
      DATA_DIR: '/var/lib/blogbot',
      LOG_QUESTIONS: false,
      QUESTION_RETENTION_DAYS: 30,
    });
  });

  it.each([
    [{ DISCORD_GUILD_ID: 'abc' }, 'The setting DISCORD_GUILD_ID must be a Discord id (17 to 20 digits).'],
    [{ DISCORD_CLIENT_ID: '12' }, 'The setting DISCORD_CLIENT_ID must be a Discord id (17 to 20 digits).'],
    [
      { DISCORD_API_URL: 'notaurl' },
      'The setting DISCORD_API_URL must be an http(s) address such as http://127.0.0.1:8080/api.',
    ],
    [{ DISCORD_API_URL: 'ftp://example.com/api' }, 'The setting DISCORD_API_URL must start with http:// or https://.'],
    [{ FREE_TEXT: 'maybe' }, 'The setting FREE_TEXT must be true or false.'],
    [
      { FORUM_CHANNEL_IDS: 'general' },
      'The setting FORUM_CHANNEL_IDS must be Discord channel ids (17 to 20 digits) separated by commas.',
    ],
    [{ MESSAGE_CONTENT: 'sure' }, 'The setting MESSAGE_CONTENT must be true or false.'],
    [{ ASK_RATE_LIMIT: 'fast' }, 'The setting ASK_RATE_LIMIT must look like 5/10s (requests per seconds).'],
    [
      { ASK_RATE_LIMIT: '0/10s' },
      'The setting ASK_RATE_LIMIT must allow at least 1 request in at least 1 second, like 5/10s.',
    ],
    [
      { ASK_RATE_LIMIT: '5/0s' },
      'The setting ASK_RATE_LIMIT must allow at least 1 request in at least 1 second, like 5/10s.',
    ],
    [{ LOG_LEVEL: 'loud' }, 'The setting LOG_LEVEL must be one of fatal, error, warn, info, debug, trace or silent.'],
    [
      { MODERATOR_ROLE_IDS: `${ID},mods` },
      'The setting MODERATOR_ROLE_IDS must be Discord role ids (17 to 20 digits) separated by commas.',
    ],
    [{ SHARD_COUNT: 'many' }, 'The setting SHARD_COUNT must be auto or a whole number from 1.'],
    [{ SHARD_COUNT: '0' }, 'The setting SHARD_COUNT must be auto or a whole number from 1.'],
    [{ SHARD_IDS: '1,2' }, 'The setting SHARD_IDS must be a shard id or a range such as 0-3.'],
    [
      { CONTENT_SOURCE: 'ftp://blog.example/feed' },
      'The setting CONTENT_SOURCE is not usable: "ftp://blog.example/feed" is not a source: give a folder, feed:URL, ' +
        'wordpress:URL or an http(s) address.',
    ],
    [
      { CONTENT_SOURCE: 'feed:blog.example' },
      'The setting CONTENT_SOURCE is not usable: "feed:blog.example" needs an http(s) address after "feed:", like ' +
        'feed:https://blog.example/feed.xml.',
    ],
    [
      { SITE_URL: 'blog.example' },
      'The setting SITE_URL "blog.example" is not an http(s) address of a site (like https://blog.example).',
    ],
    [
      { PERMALINK: '/:year/:name/' },
      'The setting PERMALINK "/:year/:name/" has the unknown token :name (known: :year, :month, :day, :slug).',
    ],
    [{ FETCH_TIMEOUT: '15' }, 'The setting FETCH_TIMEOUT must be a duration such as 30m, 2s or 1h.'],
    [{ FETCH_TIMEOUT: '0' }, 'The setting FETCH_TIMEOUT must be more than 0, such as 15s.'],
    [{ FETCH_MAX_BYTES: 'lots' }, 'The setting FETCH_MAX_BYTES must be a size such as 20MB or 512KB.'],
    [{ REFRESH_INTERVAL: 'hourly' }, 'The setting REFRESH_INTERVAL must be a duration such as 30m, 2s or 1h.'],
    [{ REFRESH_INTERVAL: '10ms' }, 'The setting REFRESH_INTERVAL must be 0 (off) or at least 1s, such as 30m.'],
    [{ WATCH_CONTENT: 'sometimes' }, 'The setting WATCH_CONTENT must be true or false.'],
    [{ ANNOUNCE_CHANNEL_ID: '#news' }, 'The setting ANNOUNCE_CHANNEL_ID must be a Discord id (17 to 20 digits).'],
    [{ LOG_QUESTIONS: 'sometimes' }, 'The setting LOG_QUESTIONS must be true or false.'],
    [
      { QUESTION_RETENTION_DAYS: '0' },
      'The setting QUESTION_RETENTION_DAYS must be a whole number of days from 1, such as 90.',
    ],
    [
      { QUESTION_RETENTION_DAYS: '90d' },
      'The setting QUESTION_RETENTION_DAYS must be a whole number of days from 1, such as 90.',
    ],
  ])('%j → one clear sentence naming the setting', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('reads REFRESH_INTERVAL=0 as off, and durations in any unit', () => {
    expect(readConfig({ REFRESH_INTERVAL: '0' }).REFRESH_INTERVAL).toBe(0);
    expect(readConfig({ REFRESH_INTERVAL: '2s' }).REFRESH_INTERVAL).toBe(2000);
    expect(readConfig({ REFRESH_INTERVAL: '1.5d' }).REFRESH_INTERVAL).toBe(129_600_000);
  });

  it('requireDiscordSettings names the missing token and how to set it', () => {
    expect(() => requireDiscordSettings(readConfig({}))).toThrow(
      new ConfigError('The setting DISCORD_TOKEN is missing: copy .env.example to .env and fill it in.'),
    );
    expect(() => requireDiscordSettings(readConfig({ DISCORD_TOKEN: 'x'.repeat(20) }))).not.toThrow();
  });
});

describe('contentSources', () => {
  const base = '/home/owner/blog';

  it('reads --source, then --content, then CONTENT_SOURCE, then CONTENT_DIR; relative folders from the base', () => {
    const config = readConfig({ CONTENT_SOURCE: 'feed:https://blog.example/feed', CONTENT_DIR: 'posts' });
    expect(contentSources(config, { source: ['notes', 'wordpress:https://w.example/'] }, base)).toEqual({
      specs: [`${base}/notes`, 'wordpress:https://w.example/'],
      setting: '--source',
    });
    expect(contentSources(config, { source: 'a,b' }, base).specs).toEqual([`${base}/a`, `${base}/b`]);
    expect(contentSources(config, { content: 'drafts' }, base)).toEqual({
      specs: [`${base}/drafts`],
      setting: '--content',
    });
    expect(contentSources(config, {}, base)).toEqual({
      specs: ['feed:https://blog.example/feed'],
      setting: 'CONTENT_SOURCE (or --source)',
    });
    expect(contentSources(readConfig({ CONTENT_DIR: 'posts' }), {}, base)).toEqual({
      specs: [`${base}/posts`],
      setting: 'CONTENT_DIR (or --content)',
    });
    expect(contentSources(readConfig({}), {}, base).specs).toEqual([`${base}/content`]);
  });

  it('never reads a folder named by CONTENT_DIR or --content as a spec', () => {
    expect(contentSources(readConfig({ CONTENT_DIR: 'notes:2024' }), {}, base).specs).toEqual([`${base}/notes:2024`]);
  });

  it('refuses a bad --source, and --source with --content, in one sentence', () => {
    expect(() => contentSources(readConfig({}), { source: 'gopher://x' }, base)).toThrow(
      new ConfigError(
        'The option --source is not usable: "gopher://x" is not a source: give a folder, feed:URL, wordpress:URL or ' +
          'an http(s) address.',
      ),
    );
    expect(() => contentSources(readConfig({}), { source: 'a', content: 'b' }, base)).toThrow(
      'Give --source or --content, not both',
    );
  });

  it('gives the sources SITE_URL, PERMALINK and the fetch limits', () => {
    expect(sourceOptions(readConfig({ SITE_URL: 'https://j.example', FETCH_TIMEOUT: '3s' }))).toEqual({
      conventions: { siteUrl: 'https://j.example' },
      fetch: { timeoutMs: 3000 },
    });
  });
});

describe('.env.example', () => {
  const example = dotenv.parse(readFileSync(path.join(PROJECT, '.env.example'), 'utf8'));

  it('holds no secret: every value is empty or a non-secret default', () => {
    const allowed: Record<string, string> = {
      CONTENT_DIR: 'content',
      FREE_TEXT: 'true',
      LOG_LEVEL: 'info',
      ASK_RATE_LIMIT: '5/10s',
      DATA_DIR: '.data/blogbot',
      LOG_QUESTIONS: 'true',
      QUESTION_RETENTION_DAYS: '90',
      MESSAGE_CONTENT: 'false',
      WATCH_CONTENT: 'false',
    };
    for (const [key, value] of Object.entries(example)) {
      if (value !== '') expect({ key, value }).toEqual({ key, value: allowed[key] });
    }
    expect(example.DISCORD_TOKEN).toBe('');
  });

  it('documents every setting readConfig reads, and is valid as it stands', () => {
    expect(Object.keys(example)).toEqual(
      expect.arrayContaining([
        'DISCORD_TOKEN',
        'DISCORD_CLIENT_ID',
        'DISCORD_GUILD_ID',
        'CONTENT_DIR',
        'DISCORD_API_URL',
        'FREE_TEXT',
        'LOG_LEVEL',
        'ASK_RATE_LIMIT',
        'MODERATOR_ROLE_IDS',
        'DATA_DIR',
        'LOG_QUESTIONS',
        'QUESTION_RETENTION_DAYS',
        'BLOG_NAME',
        'FORUM_CHANNEL_IDS',
        'ASK_CHANNEL_IDS',
        'MESSAGE_CONTENT',
        'CONTENT_SOURCE',
        'SITE_URL',
        'PERMALINK',
        'REFRESH_INTERVAL',
        'WATCH_CONTENT',
        'FETCH_TIMEOUT',
        'FETCH_MAX_BYTES',
        'ANNOUNCE_CHANNEL_ID',
        'ANNOUNCE_ROLE_ID',
        'LOG_CHANNEL_ID',
      ]),
    );
    expect(readConfig(example)).toEqual(readConfig({}));
  });
});
