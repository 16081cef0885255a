import { describe, expect, it } from 'vitest';
import { addSecret, createLogger, redactSecrets } from '../src/log.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.fake_token-for_tests_0123456789';

function capture(level = 'trace') {
  const lines: string[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { log, output: () => lines.join('') };
}

describe('the logger never writes the token', () => {
  addSecret(TOKEN);

  it('not in an Error message or stack', () => {
    const { log, output } = capture();
    const error = new Error(`401 Unauthorized for Authorization: Bot ${TOKEN}`);
    error.stack = `Error: request failed with ${TOKEN}\n    at login (https://discord.com/api?token=${TOKEN})`;
    log.error({ err: error }, 'login failed');
    log.error(error);
    expect(output()).toContain('login failed');
    expect(output()).toContain('[redacted]');
    expect(output()).not.toContain(TOKEN);
  });

  it('not in an object with token or headers.authorization, at any depth pino knows', () => {
    const { log, output } = capture();
    log.info({ token: TOKEN, headers: { authorization: `Bot ${TOKEN}` } }, 'request');
    log.info({ request: { token: TOKEN, headers: { authorization: `Bot ${TOKEN}` } } }, 'nested');
    log.info({ config: { DISCORD_TOKEN: TOKEN } }, 'config');
    log.info({ somewhere: { deep: { inside: [`x${TOKEN}y`] } } }, 'deep');
    expect(output().split('\n').filter(Boolean)).toHaveLength(4);
    expect(output()).not.toContain(TOKEN);
  });

  it('not in a message, a child logger or a formatted string', () => {
    const { log, output } = capture();
    log.warn(`token is ${TOKEN}`);
    log.child({ session: TOKEN }).info('child');
    log.info('with %s', TOKEN);
    expect(output()).not.toContain(TOKEN);
  });

  it('redactSecrets scrubs any text; short values are never registered', () => {
    expect(redactSecrets(`a ${TOKEN} b ${TOKEN}`)).toBe('a [redacted] b [redacted]');
    addSecret('short');
    addSecret(undefined);
    expect(redactSecrets('a short text')).toBe('a short text');
  });

  it('writes JSON lines at the chosen level', () => {
    const { log, output } = capture('warn');
    log.info('hidden');
    log.warn({ posts: 3 }, 'shown');
    const lines = output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([expect.objectContaining({ level: 40, posts: 3, msg: 'shown' })]);
  });
});
