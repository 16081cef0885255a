// Load: 500 /ask interactions fired at once (500 different members): every one gets exactly one answer, and one row
// in the question log.
// Correctness only; no timing is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle } from '../support/fake-discord.js';
import { nextUserId, startTestBot, type TestBot } from '../support/test-bot.js';

const N = 500;
const QUESTIONS = [
  'Why should post-mortems be blameless?',
  'What is an autonomic system?',
  'edge tpu',
  'What did the author try at the Porsche museum?',
  'managed kubernetes security',
  'best chocolate cake recipe',
];

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { LOG_LEVEL: 'warn' } });
});
afterAll(async () => {
  await t?.stop();
});

describe('load', () => {
  it(`answers all ${N} /ask fired together, none lost, none twice`, { timeout: 60_000 }, async () => {
    const handles: InteractionHandle[] = [];
    for (let i = 0; i < N; i++) {
      handles.push(
        await t.discord.sendCommand(
          'ask',
          { question: `${QUESTIONS[i % QUESTIONS.length]} ${i}` },
          { userId: nextUserId() },
        ),
      );
    }
    const callbacks = await Promise.all(handles.map((h) => h.final(45_000).then(() => h.callbacks)));
    expect(callbacks.filter((c) => c.length === 1)).toHaveLength(N);
    // Each is a real answer (or "no good match"), never an error or a cooldown refusal.
    for (const [i, [cb]] of callbacks.entries()) {
      const data = (cb!.type === 4 ? cb!.data : handles[i]!.edits[0]) as Record<string, any>;
      expect(data.content).not.toMatch(/Sorry|Slow down/);
      expect(data.allowed_mentions).toEqual({ parse: [] });
    }
    const failed = t.discord.requests.filter((r) => r.status >= 400);
    expect(failed).toEqual([]);
    expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
    // And the question log holds each of them once.
    await t.bot.questions.written();
    expect(await t.bot.questions.stats(1)).toMatchObject({ ok: true, value: { questions: N } });
  });
});
