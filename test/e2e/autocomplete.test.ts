// Autocomplete through the real client: typing a question suggests matching post titles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextUserId, startTestBot, type TestBot } from '../support/test-bot.js';

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

  it('offers the newest titles on empty input', async () => {
    const handle = await t.discord.sendAutocomplete('ask', { question: '' }, 'question');
    const choices = (await handle.callback()).data!.choices as Array<{ name: string; value: string }>;
    expect(choices[0]!.name).toBe('The comeback of Research');
    expect(choices.length).toBeGreaterThanOrEqual(5);
  });

  it('choosing a suggested title answers the typed question from that post', async () => {
    const typed = 'autonomic healing';
    const handle = await t.discord.sendAutocomplete('ask', { question: typed }, 'question');
    const choices = (await handle.callback()).data!.choices as Array<{ name: string; value: string }>;
    const chosen = choices.find((choice) => choice.name === 'Autonomous versus autonomic systems')!;
    const data = await (
      await t.discord.sendCommand('ask', { question: chosen.value }, { userId: nextUserId() })
    ).final();
    expect(data.embeds).toHaveLength(1);
    expect(data.embeds[0].title).toBe('Autonomous versus autonomic systems');
    // The question shown is what was typed, not the title.
    expect(String(data.content).split('\n')[0]).toBe(`> ${typed}`);
  });
});
