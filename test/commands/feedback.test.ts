import { describe, expect, it } from 'vitest';
import { feedback, feedbackButtons } from '../../commands/feedback.js';
import { findButton } from '../../commands/index.js';
import { context, invoker } from '../content/factories.js';
import { ask, testLog } from '../store/factories.js';

const press = (customId: string, memberId: string, log = testLog()) => {
  const button = findButton(customId)!;
  return button.run(
    customId.split(':').slice(1),
    context(undefined as never, {
      invoker: invoker({ id: memberId }),
      questions: { log: log.questions, source: 'slash', guildId: null },
    }),
  );
};

describe('👍/👎 buttons', () => {
  it('carry the question id in a custom_id of at most 100 characters that finds this handler', () => {
    const buttons = feedbackButtons('Qid-123_abc');
    expect(buttons.map((button) => [button.id, button.emoji])).toEqual([
      ['fb:up:Qid-123_abc', '👍'],
      ['fb:down:Qid-123_abc', '👎'],
    ]);
    for (const button of buttons) {
      expect(button.id.length).toBeLessThanOrEqual(100);
      expect(findButton(button.id)).toBe(feedback);
    }
  });

  it('store the vote against the question and thank the member privately', async () => {
    const log = testLog();
    const id = ask(log.questions)!;
    const reply = await press(`fb:up:${id}`, '412345678901234567', log);
    expect(reply).toEqual({ text: ['Thanks for the feedback 👍'], cards: [], private: true });
    await press(`fb:down:${id}`, '412345678901234567', log);
    expect(log.questions.stats(1)).toMatchObject({
      ok: true,
      value: { feedback: [{ slug: 'compost', up: 0, down: 1 }] },
    });
  });

  it('answer a malformed id with one private sentence, storing nothing', async () => {
    const log = testLog();
    const id = ask(log.questions)!;
    for (const customId of [`fb:sideways:${id}`, 'fb:up', 'fb']) {
      const reply = await press(customId, '412345678901234567', log);
      expect(reply).toMatchObject({
        text: ['This button no longer works: ask the question again.'],
        private: true,
        isError: true,
      });
    }
    expect(log.questions.stats(1)).toMatchObject({ ok: true, value: { feedback: [] } });
  });
});
