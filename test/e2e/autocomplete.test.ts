// Autocomplete through the real client: typing a question suggests matching post titles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t?.stop();
});

describe('/ask autocomplete', () => {
  it('answers with what was typed first, then the titles of matching posts', async () => {
    const handle = await t.discord.sendAutocomplete('ask', { question: 'autonom' }, 'question');
    const callback = await handle.callback();
    expect(callback.type).toBe(8);
    const choices = callback.data!.choices as Array<{ name: string; value: string }>;
    expect(choices[0]).toEqual({ name: 'autonom', value: 'autonom' });
    expect(choices.map((choice) => choice.name)).toContain('Autonomous versus autonomic systems');
  });
});
