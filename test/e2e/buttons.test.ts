// The buttons under an answer, pressed through the real client: Read the post (a link), More results (same privacy),
// Share in channel (private answers, "asked by", no pings), 🗑️ Delete (asker only, 5 minutes), and state that
// outlives a restart or expires gracefully.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetAll } from '../../src/button-state.js';
import { limitProblems, nextUserId, startTestBot, type TestBot } from '../support/test-bot.js';
import type { Json } from '../support/fake-discord.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { BLOG_NAME: 'Cloud in the Alps' } });
});
afterAll(async () => {
  await t?.stop();
});

const buttonsOf = (message: Json): Json[] =>
  ((message.components ?? []) as Json[]).flatMap((row) => row.components as Json[]);
const idOf = (message: Json, label: string): string =>
  String(buttonsOf(message).find((button) => button.label === label)?.custom_id);

async function askAndGetMessage(
  options: Record<string, string | number | boolean>,
  userId: string,
): Promise<{ data: Json; message: Json }> {
  const reply = await t.discord.sendCommand('ask', options, { userId, username: 'Ann_Reader' });
  const data = await reply.final();
  return { data, message: reply.original()! };
}

describe('buttons under an answer', () => {
  it('a page that is not full has no More results: there is no next page', async () => {
    const { data } = await askAndGetMessage({ question: 'kubernetes security' }, nextUserId());
    expect(buttonsOf(data).map((button) => button.label)).toEqual([
      'Read the post',
      'Delete',
      'Helpful',
      'Not helpful',
    ]);
  });

  it('a public answer quotes the question, names the blog, has Read the post, More results, Delete, 👍/👎', async () => {
    const { data } = await askAndGetMessage({ question: 'jobs' }, nextUserId());
    expect(String(data.content).split('\n')[0]).toBe('> jobs');
    expect(data.embeds[0].author).toEqual({ name: 'Cloud in the Alps' });
    const buttons = buttonsOf(data);
    expect(buttons[0]).toMatchObject({ type: 2, style: 5, label: 'Read the post' });
    expect(String(buttons[0]!.url).startsWith(String(data.embeds[0].url).split('#')[0]!)).toBe(true);
    expect(buttons[0]).not.toHaveProperty('custom_id');
    expect(buttons.map((button) => button.label)).toEqual([
      'Read the post',
      'More results',
      'Delete',
      'Helpful',
      'Not helpful',
    ]);
    for (const button of buttons)
      if (button.custom_id) expect(String(button.custom_id).length).toBeLessThanOrEqual(100);
    expect(limitProblems(data)).toEqual([]);
  });

  it('More results shows the next page of the same question, public under a public answer', async () => {
    const userId = nextUserId();
    const { data, message } = await askAndGetMessage({ question: 'jobs', results: 2 }, userId);
    const press = await t.discord.sendButton(idOf(data, 'More results'), message, { userId });
    const next = await press.final();
    expect(Number(next.flags ?? 0) & 64).toBe(0);
    expect(next.content).toContain('More matches (3–');
    const first = new Set(data.embeds.map((embed: Json) => String(embed.url).split('#')[0]));
    expect(next.embeds.length).toBeGreaterThan(0);
    for (const embed of next.embeds) expect(first.has(String(embed.url).split('#')[0])).toBe(false);
    expect(next.allowed_mentions).toEqual({ parse: [] });
  });

  it('private answer: More results stays private; Share in channel posts "asked by" the member, no ping', async () => {
    const userId = nextUserId();
    const { data, message } = await askAndGetMessage(
      { question: 'why should post-mortems be blameless <@123456789012345678>?', private: true, results: 1 },
      userId,
    );
    expect(Number(data.flags) & 64).toBe(64);
    expect(buttonsOf(data).map((button) => button.label)).toEqual([
      'Read the post',
      'More results',
      'Share in channel',
      'Helpful',
      'Not helpful',
    ]);
    const more = await (await t.discord.sendButton(idOf(data, 'More results'), message, { userId })).final();
    expect(Number(more.flags) & 64).toBe(64);

    const shared = await (
      await t.discord.sendButton(idOf(data, 'Share in channel'), message, { userId, username: 'Ann_Reader' })
    ).final();
    expect(Number(shared.flags ?? 0) & 64).toBe(0);
    expect(shared.content).toContain('-# asked by Ann\\_Reader');
    expect(shared.content).toContain('<@\u200b123456789012345678\\>');
    expect(shared.allowed_mentions).toEqual({ parse: [] });
    expect(String(shared.embeds[0].url)).toBe(String(data.embeds[0].url));
    // The sharer may delete what they shared.
    expect(buttonsOf(shared).map((button) => button.label)).toContain('Delete');
  });

  it('More results counts against the cooldown shared with the commands', async () => {
    const userId = nextUserId();
    const { data, message } = await askAndGetMessage({ question: 'jobs', results: 1 }, userId);
    for (let i = 0; i < 4; i++) await (await t.discord.sendCommand('latest', {}, { userId })).final();
    const refused = await (await t.discord.sendButton(idOf(data, 'More results'), message, { userId })).final();
    expect(refused.content).toMatch(/^Slow down/);
    expect(Number(refused.flags) & 64).toBe(64);
  });

  it('Delete: refused privately to another member, done for the asker', async () => {
    const userId = nextUserId();
    const { data, message } = await askAndGetMessage({ question: 'edge tpu' }, userId);
    const deleteId = idOf(data, 'Delete');
    const other = await (await t.discord.sendButton(deleteId, message, { userId: nextUserId() })).final();
    expect(other.content).toBe('Only the member who asked can delete this answer.');
    expect(Number(other.flags) & 64).toBe(64);
    expect(t.discord.hasMessage(String(message.id))).toBe(true);

    const mine = await t.discord.sendButton(deleteId, message, { userId });
    expect((await mine.callback()).type).toBe(6);
    await t.discord.waitForDeletion(String(message.id));
    expect(t.discord.hasMessage(String(message.id))).toBe(false);
  });

  it('a public "no good match" has the asker\'s Delete only, and goes when the asker presses it', async () => {
    const userId = nextUserId();
    const { data, message } = await askAndGetMessage({ question: 'the history of pottery glazes' }, userId);
    expect(data.content).toMatch(/No good match/);
    expect(Number(data.flags ?? 0) & 64).toBe(0);
    expect(buttonsOf(data).map((button) => button.label)).toEqual(['Delete']);
    const mine = await t.discord.sendButton(idOf(data, 'Delete'), message, { userId });
    expect((await mine.callback()).type).toBe(6);
    await t.discord.waitForDeletion(String(message.id));
  });

  it('Delete is refused once the 5 minutes are over', async () => {
    const userId = nextUserId();
    const { message } = await askAndGetMessage({ question: 'edge tpu' }, userId);
    const sixMinutesAgo = Math.floor((Date.now() - 6 * 60 * 1000) / 1000).toString(36);
    const late = await (await t.discord.sendButton(`del:${userId}:${sixMinutesAgo}`, message, { userId })).final();
    expect(late.content).toMatch(/can no longer be deleted/);
    expect(t.discord.hasMessage(String(message.id))).toBe(true);
  });

  it('a short question rides in the custom_id and works after a restart; a long one expires gracefully', async () => {
    const userId = nextUserId();
    const short = await askAndGetMessage({ question: 'jobs', results: 1 }, userId);
    const long = await askAndGetMessage(
      {
        question:
          'what is cloud computing, and what did the author learn about cloud computing and managed kubernetes over ' +
          'the years',
        results: 1,
      },
      userId,
    );
    expect(idOf(short.data, 'More results')).toBe('more:1:1:u:=jobs');
    expect(idOf(long.data, 'More results')).toMatch(/^more:1:1:u:~/);
    forgetAll(); // what a restart does to the remembered questions
    const stillWorks = await (
      await t.discord.sendButton(idOf(short.data, 'More results'), short.message, { userId })
    ).final();
    expect(stillWorks.embeds.length).toBeGreaterThan(0);
    const tooOld = await (
      await t.discord.sendButton(idOf(long.data, 'More results'), long.message, { userId })
    ).final();
    expect(tooOld.content).toBe('This answer is too old: ask again.');
    expect(Number(tooOld.flags) & 64).toBe(64);
  });
});

describe('answers that are not sure, and no good match', () => {
  it('"not sure": public grey cards marked so, the question named in the text (no quote), Delete only', async () => {
    const data = await (
      await t.discord.sendCommand('ask', { question: 'pottery kubernetes glazes' }, { userId: nextUserId() })
    ).final();
    expect(String(data.content).split('\n')[0]).toBe(
      'Not sure — no post clearly answers “pottery kubernetes glazes”, but these posts may help:',
    );
    expect(Number(data.flags ?? 0) & (4 | 64)).toBe(0);
    expect(data.embeds.length).toBeGreaterThan(0);
    for (const embed of data.embeds) {
      expect(String(embed.description)).toMatch(/^\*\d{4}-\d{2}-\d{2} · not sure\*\n/);
      expect(embed.url).toMatch(/^https:\/\//);
    }
    // No More results (the posts that may help are all shown), no Read the post (no post answers for sure), nothing
    // to rate: the asker's Delete only.
    expect(buttonsOf(data).map((button) => button.label)).toEqual(['Delete']);
    expect(limitProblems(data)).toEqual([]);
  });

  it('no good match: no cards and no links at all, so nothing to suppress; private when asked', async () => {
    const open = await (
      await t.discord.sendCommand('ask', { question: 'the history of pottery glazes' }, { userId: nextUserId() })
    ).final();
    expect(open.content).toMatch(/^No good match in the blog for “the history of pottery glazes”/);
    expect(open.content).not.toMatch(/https?:\/\//);
    expect(open.embeds ?? []).toEqual([]);
    expect(Number(open.flags ?? 0) & (4 | 64)).toBe(0);
    const hidden = await (
      await t.discord.sendCommand(
        'ask',
        { question: 'the history of pottery glazes', private: true },
        { userId: nextUserId() },
      )
    ).final();
    expect(Number(hidden.flags) & (4 | 64)).toBe(64);
  });
});

describe('/ask for:<member>', () => {
  it('starts "Suggested for @member" in a created message that may ping that member only', async () => {
    const member = '412345678901234567';
    const handle = await t.discord.sendCommand(
      'ask',
      { question: 'edge tpu <@123456789012345678> @everyone', for: { type: 6, value: member } },
      { userId: nextUserId() },
    );
    const callback = await handle.callback();
    // Callback type 4 creates the message (an edit of a deferred reply would notify nobody).
    expect(callback.type).toBe(4);
    const data = callback.data!;
    expect(String(data.content).split('\n')[0]).toBe(`Suggested for <@${member}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [member] });
    expect(Number(data.flags ?? 0) & 64).toBe(0);
    // The asker's text is still escaped: no other mention could ping.
    expect(data.content).toContain('<@\u200b123456789012345678\\>');
    expect(data.content).toContain('@\u200beveryone');
    expect(limitProblems(data)).toEqual([]);
  });

  it('deferred (a slow answer): a new message pings the member, and the deferral is removed', async () => {
    // A bot that defers every reply first, as it does when an answer is still being worked out after 1.5 s.
    const slow = await startTestBot({ deferAfterMs: 0 });
    try {
      const member = '412345678901234567';
      const handle = await slow.discord.sendCommand(
        'ask',
        { question: 'edge tpu', for: { type: 6, value: member } },
        { userId: nextUserId() },
      );
      // Deferred publicly (type 5, no ephemeral flag): the suggestion is for the channel to see.
      const callback = await handle.callback();
      expect(callback.type).toBe(5);
      expect(Number(callback.data?.flags ?? 0) & 64).toBe(0);
      const followUp = await handle.waitForFollowUp();
      expect(String(followUp.content).split('\n')[0]).toBe(`Suggested for <@${member}>`);
      expect(followUp.allowed_mentions).toEqual({ parse: [], users: [member] });
      expect(Number(followUp.flags ?? 0) & 64).toBe(0);
      expect(limitProblems(followUp)).toEqual([]);
      // The "thinking…" message is deleted rather than edited (an edit would notify nobody), and nothing else pings.
      await expect
        .poll(() => slow.discord.requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original')))
        .toBe(true);
      expect(handle.edits).toEqual([]);
      expect(handle.original()).toBeUndefined();
    } finally {
      await slow.stop();
    }
  });

  it('is public even when private:true was asked; with no good match it pings nobody and stays private', async () => {
    const member = '412345678901234567';
    const both = await (
      await t.discord.sendCommand(
        'ask',
        { question: 'edge tpu', private: true, for: { type: 6, value: member } },
        { userId: nextUserId() },
      )
    ).final();
    expect(Number(both.flags ?? 0) & 64).toBe(0);
    expect(both.allowed_mentions).toEqual({ parse: [], users: [member] });
    const none = await (
      await t.discord.sendCommand(
        'ask',
        { question: 'the history of pottery glazes', for: { type: 6, value: member } },
        { userId: nextUserId() },
      )
    ).final();
    expect(none.content).not.toContain('Suggested for');
    expect(none.allowed_mentions).toEqual({ parse: [] });
    expect(Number(none.flags) & 64).toBe(64);
  });
});
