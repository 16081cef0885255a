// Per-member cooldown (ASK_RATE_LIMIT, default 5/10s), shared by every public command: the 6th quick one is told to
// slow down; free text is ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextUserId, settle, startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
  expect(t.config.ASK_RATE_LIMIT).toEqual({ count: 5, windowMs: 10_000 });
});
afterAll(async () => {
  await t?.stop();
});

describe('cooldown', () => {
  it('answers 5 quick /ask from one member, tells the 6th to slow down, and leaves another member alone', async () => {
    const userId = nextUserId();
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await t.discord.sendCommand('ask', { question: 'edge tpu' }, { userId }));
    const finals = await Promise.all(replies.map((r) => r.callback()));
    for (const cb of finals.slice(0, 5)) {
      expect(cb.type).toBe(4);
      expect(cb.data!.embeds.length).toBeGreaterThan(0);
    }
    const sixth = finals[5]!;
    expect(sixth.data!.content).toMatch(/^Slow down: you can ask again in \d+ seconds?\.$/);
    const seconds = Number(/in (\d+) second/.exec(sixth.data!.content)![1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(10);
    expect(Number(sixth.data!.flags) & 64).toBe(64);
    expect(sixth.data!.embeds ?? []).toEqual([]);

    const other = await t.discord.sendCommand('ask', { question: 'edge tpu' }, { userId: nextUserId() });
    expect((await other.final()).embeds.length).toBeGreaterThan(0);

    // Every public command shares the cooldown: /latest is refused too.
    const latest = await t.discord.sendCommand('latest', {}, { userId });
    const refused = await latest.final();
    expect(refused.content).toMatch(/^Slow down/);
    expect(refused.embeds ?? []).toEqual([]);
  });

  it('ignores free text over the cooldown: no reply, no "slow down" spam', async () => {
    const userId = nextUserId();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await t.discord.sendMessage({ content: `<@BOT> edge tpu ${i}`, userId }));
    for (const id of ids.slice(0, 5))
      await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === id);
    // Settle, then a probe from someone else: once it is answered, the 6th and 7th have been handled.
    await settle(100);
    const probe = await t.discord.sendMessage({ content: '<@BOT> edge tpu', userId: nextUserId() });
    await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === probe);
    const repliedTo = t.discord.channelMessagesSent.map((m) => m.body.message_reference?.message_id);
    expect(repliedTo.filter((id) => ids.includes(id))).toEqual(ids.slice(0, 5));
    expect(t.discord.channelMessagesSent.some((m) => /slow down/i.test(String(m.body.content)))).toBe(false);
  });
});
