// The slow path and stopping: a deferred command answers through editReply; stop() finishes what is in flight,
// takes nothing new, and leaves no socket or timer behind.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library.js';
import { nextUserId, postUrl, settle, startTestBot, type TestBot } from '../support/test-bot.js';

const CALLBACK = /^POST \/api\/v10\/interactions\/\d+\/[^/]+\/callback$/;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(() => {
  expect(unhandled.splice(0)).toEqual([]);
});

/** A bot whose library takes 300 ms to reload, so a /reload is still running while the test acts. */
const slowReload = (library: Library) => {
  const reload = library.reload.bind(library);
  library.reload = async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return reload();
  };
};

describe('slow path', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ patchLibrary: slowReload });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('defers (type 5) first, then answers with PATCH @original', async () => {
    const reply = await t.discord.sendCommand('reload', {}, { permissions: '32', userId: nextUserId() });
    const callback = await reply.callback();
    expect(callback.type).toBe(5);
    expect(reply.edits).toEqual([]); // the reload is still running
    const edit = await reply.waitForEdit();
    expect(edit.content).toMatch(/Reloaded: 10 posts served/);
    const order = t.discord.requests
      .filter((r) => r.path.includes(reply.token))
      .map((r) => `${r.method} ${r.path.endsWith('/callback') ? 'callback' : '@original'}`);
    expect(order).toEqual(['POST callback', 'PATCH @original']);
  });

  it('when the defer itself fails, the bot logs it, does not crash and keeps answering', async () => {
    t.discord.failNext(CALLBACK, { status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    const reply = await t.discord.sendCommand('reload', {}, { permissions: '32', userId: nextUserId() });
    await expect.poll(() => t.logs.some((l) => l.msg === 'could not answer an interaction')).toBe(true);
    await settle(400); // the reload finishes
    expect(reply.edits).toEqual([]);
    const after = await t.discord.sendCommand(
      'ask',
      { question: 'Why should post-mortems be blameless?' },
      { userId: nextUserId() },
    );
    expect(String((await after.final()).embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);
  });
});

describe('stop()', () => {
  it('finishes the reply in flight, refuses new work, then disconnects and leaves nothing running', async () => {
    const count = (list: string[], kind: string) => list.filter((k) => k === kind).length;
    const baseline = process.getActiveResourcesInfo();
    const t = await startTestBot();
    try {
      t.discord.failNext(CALLBACK, { status: 429, retryAfter: 0.5 });
      const inFlight = await t.discord.sendCommand(
        'ask',
        { question: 'What is an autonomic system?' },
        { userId: nextUserId() },
      );
      await expect.poll(() => t.discord.requests.some((r) => r.status === 429)).toBe(true);
      expect(t.bot.work.size).toBe(1);
      const stopping = t.bot.stop(5000);
      const late = await t.discord.sendCommand('ask', { question: 'edge tpu' }, { userId: nextUserId() });
      await stopping;
      const data = await inFlight.final();
      expect(String(data.embeds[0].url).startsWith(await postUrl('autonomous-versus-autonomic-systems'))).toBe(true);
      expect(late.callbacks).toEqual([]); // arrived after stop() began: not taken
      expect(t.bot.client.isReady()).toBe(false);
    } finally {
      await t.stop();
    }
    await settle(50);
    const after = process.getActiveResourcesInfo();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap'])
      expect(count(after, kind)).toBeLessThanOrEqual(count(baseline, kind));
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(baseline, 'Timeout'));
  });
});
