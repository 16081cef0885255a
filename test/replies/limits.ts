// The check every Discord payload must pass, shared by the reply, command and property tests.
import { expect } from 'vitest';
import type { DiscordPayload } from '../../src/replies/render.js';

// Discord's documented numbers, written out here so that a wrong constant in the renderer cannot hide a bug.
const LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, footer: 2048, embedTotal: 6000 };

/** Every limit Discord enforces on a message payload. */
export function expectWithinDiscordLimits(payload: DiscordPayload): void {
  expect(payload.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(payload.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  let total = 0;
  for (const embed of payload.embeds) {
    expect(embed.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    if (embed.url !== undefined) expect(embed.url).toMatch(/^https?:\/\//);
    expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    total +=
      embed.title.length +
      embed.description.length +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  // Nobody is pinged but the one member an answer is suggested for.
  expect(payload.allowedMentions.parse).toEqual([]);
  expect(payload.allowedMentions.users ?? []).toEqual(
    payload.content.startsWith('Suggested for <@') ? [/<@(\d+)>/.exec(payload.content)![1]] : [],
  );
  for (const row of payload.components ?? []) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      if ('custom_id' in button) expect(button.custom_id.length).toBeLessThanOrEqual(100);
      else expect(button.url).toMatch(/^https?:\/\//);
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
    }
  }
  expect(payload.components?.length ?? 0).toBeLessThanOrEqual(5);
}
