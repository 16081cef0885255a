import { describe, expect, it } from 'vitest';
import { answerReply, latestReply } from '../../src/replies/build.js';
import {
  EPHEMERAL_FLAG,
  SUPPRESS_EMBEDS_FLAG,
  toDiscord,
  toText,
  type DiscordButton,
} from '../../src/replies/render.js';
import { link, quote, user, type Card, type Reply } from '../../src/replies/reply.js';
import { answer, postRef, result } from '../content/factories.js';
import { expectWithinDiscordLimits } from './limits.js';

const card = (overrides: Partial<Card> = {}): Card => ({
  title: 'Title',
  url: 'https://blog.example/a',
  date: '2020-01-02',
  body: ['Body.'],
  ...overrides,
});
const reply = (overrides: Partial<Reply> = {}): Reply => ({ text: ['Text'], cards: [], private: false, ...overrides });
const customId = (button: DiscordButton): string | undefined => ('custom_id' in button ? button.custom_id : undefined);

describe('toDiscord: answers that stand on their own', () => {
  it('quotes the question above a public answer, escaped and unable to ping', () => {
    const payload = toDiscord(answerReply(answer({ query: '@everyone why *not* <@123456789012345678>\nsecond line' })));
    expect(payload.content.split('\n')[0]).toBe(
      '> @\u200beveryone why \\*not\\* <@\u200b123456789012345678\\> second line',
    );
    expect(payload.allowedMentions).toEqual({ parse: [] });
  });

  it('does not quote the question in a private answer: only the asker sees it', () => {
    expect(toDiscord(answerReply(answer(), { private: true })).content).toBe('The best match in the blog:');
  });

  it('says who asked when someone else posted the answer', () => {
    const payload = toDiscord(reply({ question: { text: 'q', askedBy: 'Ann_*' } }));
    expect(payload.content).toBe('> q\n-# asked by Ann\\_\\*\nText');
  });

  it('names the blog in every card’s author line, within the embed total', () => {
    const payload = toDiscord(reply({ blogName: 'The *Blog*', cards: [card(), card({ body: ['x'.repeat(5000)] })] }));
    expect(payload.embeds.map((embed) => embed.author)).toEqual([{ name: 'The *Blog*' }, { name: 'The *Blog*' }]);
    expectWithinDiscordLimits(payload);
  });

  it('escapes embed titles, and keeps an escaped title within 256 characters', () => {
    expect(
      toDiscord(reply({ cards: [card({ title: '**Bold** _claims_ <@123456789012345678>' })] })).embeds[0]!.title,
    ).toBe('\\*\\*Bold\\*\\* \\_claims\\_ <@\u200b123456789012345678\\>');
    const long = toDiscord(reply({ cards: [card({ title: '*'.repeat(300) })] }));
    expect(long.embeds[0]!.title.length).toBeLessThanOrEqual(256);
    expectWithinDiscordLimits(long);
  });

  it('suppresses link previews on a reply with links but no cards, and only then', () => {
    // No answer has links without cards since the tiers ("not sure" shows cards, "no good match" no links): a reply
    // model that has them still must not unfurl a preview per link.
    const links = reply({ text: ['See ', link('A', 'https://a.example'), ' or https://b.example'] });
    const open = toDiscord(links);
    expect(open.content).toContain('https://a.example');
    expect(open.embeds).toEqual([]);
    expect(open.flags).toBe(SUPPRESS_EMBEDS_FLAG);
    expect(SUPPRESS_EMBEDS_FLAG).toBe(4);
    expect(toDiscord({ ...links, private: true }).flags).toBe(EPHEMERAL_FLAG | SUPPRESS_EMBEDS_FLAG);
    expect(toDiscord(reply({ text: ['No link, but https://c.example typed as text'] })).flags).toBe(
      SUPPRESS_EMBEDS_FLAG,
    );
    expect(toDiscord(reply({ text: [link('A', 'https://a.example')], cards: [card()] }))).not.toHaveProperty('flags');
    expect(toDiscord(reply({ text: ['no links here'] }))).not.toHaveProperty('flags');
    expect(toDiscord(answerReply(answer({ results: [], related: [result()] })))).not.toHaveProperty('flags');
    expect(toDiscord(answerReply(answer({ results: [], related: [] })))).not.toHaveProperty('flags');
  });

  it('an answer suggested for a member names them first and may ping them only; a malformed id pings nobody', () => {
    const payload = toDiscord(reply({ suggestedFor: '412345678901234567', question: { text: 'q' } }));
    expect(payload.content).toBe('Suggested for <@412345678901234567>\n> q\nText');
    expect(payload.allowedMentions).toEqual({ parse: [], users: ['412345678901234567'] });
    expectWithinDiscordLimits(payload);
    const bad = toDiscord(reply({ suggestedFor: '@everyone' }));
    expect(bad.content).toBe('Text');
    expect(bad.allowedMentions).toEqual({ parse: [] });
  });

  it("shows a post's code as code in Discord, and plain in text", () => {
    const excerpt = { text: 'Run `kubectl apply` first.', highlights: [] };
    const withCode = reply({ cards: [card({ body: [quote(excerpt)] })] });
    expect(toDiscord(withCode).embeds[0]!.description).toBe('*2020-01-02*\nRun `kubectl apply` first.');
    expect(toText(withCode)).toContain('Run kubectl apply first.');
  });

  it('renders link buttons (style 5, no custom_id) beside buttons that send their id back', () => {
    const payload = toDiscord(
      reply({
        buttons: [
          { url: 'https://blog.example/a', label: 'Read the post' },
          { id: 'del:1', label: 'Delete', danger: true },
        ],
      }),
    );
    expect(payload.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 5, url: 'https://blog.example/a', label: 'Read the post' },
          { type: 2, style: 4, custom_id: 'del:1', label: 'Delete' },
        ],
      },
    ]);
    expectWithinDiscordLimits(payload);
  });
});

describe('toDiscord', () => {
  it('renders an answer as content plus one embed per card, never pinging anyone', () => {
    const payload = toDiscord(answerReply(answer()));
    expect(payload).toEqual({
      content: '> compost heap\nThe best match in the blog:',
      embeds: [
        {
          title: 'Compost heaps',
          url: 'https://blog.example/compost/#:~:text=Compost',
          description: '*2020-01-02*\n…a **compost** heap needs air…',
          color: expect.any(Number),
          footer: { text: 'Searched for: compost, heap' },
        },
      ],
      allowedMentions: { parse: [] },
    });
  });

  it('sets the ephemeral flag (64) only when the reply is private', () => {
    expect(toDiscord(reply({ private: true })).flags).toBe(EPHEMERAL_FLAG);
    expect(EPHEMERAL_FLAG).toBe(64);
    expect(toDiscord(reply({ private: false }))).not.toHaveProperty('flags');
  });

  it('puts the footer on the last embed only', () => {
    const payload = toDiscord(reply({ cards: [card(), card(), card()], footer: ['Searched for: ', user('x')] }));
    expect(payload.embeds.map((embed) => embed.footer?.text)).toEqual([undefined, undefined, 'Searched for: x']);
  });

  it('with no cards, shows the footer as small text in the content, escaped', () => {
    const payload = toDiscord(reply({ text: ['No good match.'], footer: ['Searched for: ', user('**x**, [a](b)')] }));
    expect(payload.content).toBe('No good match.\n-# Searched for: \\*\\*x\\*\\*, \\[a\\]\\(b\\)');
  });

  it('shows an embed footer as written: Discord does not read Markdown there', () => {
    const payload = toDiscord(reply({ cards: [card()], footer: ['Searched for: ', user('**x**')] }));
    expect(payload.embeds[0]!.footer).toEqual({ text: 'Searched for: **x**' });
  });

  it("escapes the member's question in the content: no ping, no Markdown, no link", () => {
    const query =
      '@everyone <@123456789012345678> <@&223456789012345678> <#323456789012345678> **x** [a](https://e.x) @here';
    const { content } = toDiscord(answerReply(answer({ query, keywords: ['x'], results: [] })));
    expect(content).not.toMatch(/@(everyone|here)/);
    expect(content).not.toMatch(/<@[!&]?\d+>|<#\d+>/);
    expect(content).toContain('@\u200beveryone');
    expect(content).toContain('\\*\\*x\\*\\*');
    expect(content).toContain('\\[a\\]\\(https://e.x\\)');
  });

  it('shows the posts that may help as muted cards saying "not sure" beside the date, with their passages', () => {
    const related = [result({ title: 'Going back to my (our) roots' }), result({ title: 'Two' })];
    const payload = toDiscord(answerReply(answer({ query: 'bananas', results: [], related })));
    expect(payload.content).toBe('Not sure — no post clearly answers “bananas”, but these posts may help:');
    expect(payload.embeds.map((embed) => embed.title)).toEqual(['Going back to my \\(our\\) roots', 'Two']);
    expect(payload.embeds[0]!.description).toBe('*2020-01-02 · not sure*\n…a **compost** heap needs air…');
    const answered = toDiscord(answerReply(answer()));
    expect(payload.embeds[0]!.color).not.toBe(answered.embeds[0]!.color);
    expect(new Set(payload.embeds.map((embed) => embed.color)).size).toBe(1);
    expectWithinDiscordLimits(payload);
  });

  it("escapes a latest post's summary: it is the author's text, not the bot's Markdown", () => {
    const posts = [{ ...postRef(), summary: 'Summary *0* @everyone' }];
    expect(toDiscord(latestReply(posts)).embeds[0]!.description).toBe(
      '[Compost heaps](https://blog.example/compost/) · 2020-01-02 — Summary \\*0\\* @\u200beveryone',
    );
  });

  it('cuts a long excerpt to the room left without splitting an escape or a bold pair', () => {
    const text = `…${'a *b* **c** '.repeat(600)}…`;
    const highlights = Array.from({ length: 600 }, (_, i) => ({ start: 1 + i * 12 + 8, end: 1 + i * 12 + 9 }));
    const payload = toDiscord(reply({ cards: [card({ body: [quote({ text, highlights })] })] }));
    const description = payload.embeds[0]!.description;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description.length).toBeGreaterThan(3500);
    expect(description).toMatch(/…$/);
    expect(description).not.toMatch(/\\…$/);
    // Outside the escapes, the bold markers pair up.
    expect(description.replace(/\\./g, '').match(/\*\*/g)!.length % 2).toBe(0);
    expectWithinDiscordLimits(payload);
  });

  it('cuts every field to its limit: title 256, description 4096, footer 2048, content 2000', () => {
    const payload = toDiscord(
      reply({
        text: ['x '.repeat(3000)],
        cards: [card({ title: 'T'.repeat(400), body: ['b '.repeat(5000)] })],
        footer: ['f'.repeat(3000)],
      }),
    );
    expect(payload.content.length).toBeLessThanOrEqual(2000);
    expect(payload.content.endsWith('…')).toBe(true);
    expect(payload.embeds[0]!.title.length).toBe(256);
    expect(payload.embeds[0]!.description.length).toBeLessThanOrEqual(4096);
    expect(payload.embeds[0]!.footer!.text.length).toBe(2048);
    expectWithinDiscordLimits(payload);
  });

  it('keeps at most 10 embeds and at most 6000 characters across them', () => {
    const cards = Array.from({ length: 14 }, (_, i) => card({ title: `Post ${i}`, body: ['word '.repeat(900)] }));
    const payload = toDiscord(reply({ cards, footer: ['Searched for: word'] }));
    expect(payload.embeds.length).toBeLessThanOrEqual(10);
    expectWithinDiscordLimits(payload);
  });

  it('drops a card URL that is not http(s) or too long', () => {
    const payload = toDiscord(
      reply({
        cards: [card({ url: 'javascript:alert(1)' }), card({ url: `https://e.x/${'a'.repeat(2100)}` }), card()],
      }),
    );
    expect(payload.embeds.map((embed) => embed.url)).toEqual([undefined, undefined, 'https://blog.example/a']);
  });
});

describe('toText', () => {
  it('prints the text, each card with title, date, link and plain body, and the footer', () => {
    const excerpt = { text: '…a compost heap, 50\\% *wet*, **really**…', highlights: [{ start: 3, end: 10 }] };
    const text = toText(answerReply(answer({ results: [result({ excerpt })] })));
    expect(text).toBe(
      'The best match in the blog:\n\n## Compost heaps ' +
        '(2020-01-02)\nhttps://blog.example/compost/#:~:text=Compost\n…a compost heap, 50\\% *wet*, ' +
        '**really**…\n\n(Searched for: compost, heap)',
    );
  });

  it("prints someone else's words as written", () => {
    expect(toText(answerReply(answer({ query: '@everyone **hi** a\\_b', keywords: ['hi'], results: [] })))).toContain(
      '“@everyone **hi** a\\_b”',
    );
  });

  it('prints the posts that may help with "not sure" beside their date', () => {
    const related = [result({ title: 'One_two', link: 'https://blog.example/1' })];
    expect(toText(answerReply(answer({ query: 'x', results: [], related })))).toBe(
      'Not sure — no post clearly answers “x”, but this post may help:\n\n## One_two (2020-01-02, not ' +
        'sure)\nhttps://blog.example/1\n…a compost heap needs air…\n\n(Searched for: compost, heap)',
    );
  });

  it("prints the bot's own words without Markdown: a command to type is not in backticks", () => {
    expect(toText(answerReply(answer({ query: 'the', keywords: [], results: [] })))).toBe(
      'Your question has no words to search for. Try a few keywords, for example /ask kubernetes security, or see ' +
        'what I can do with /help.',
    );
  });
});

describe('buttons and files', () => {
  it('lays buttons out five to a row, in order, as secondary buttons with their custom_id', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({
      id: `x:${i}`,
      label: `B${i}`,
      ...(i === 0 ? { emoji: '👍' } : {}),
    }));
    const payload = toDiscord(reply({ buttons }));
    expect(payload.components?.map((row) => row.components.map(customId))).toEqual([
      ['x:0', 'x:1', 'x:2', 'x:3', 'x:4'],
      ['x:5', 'x:6'],
    ]);
    expect(payload.components![0]!.components[0]).toEqual({
      type: 2,
      style: 2,
      custom_id: 'x:0',
      label: 'B0',
      emoji: { name: '👍' },
    });
    expect(payload.components![0]!.type).toBe(1);
  });

  it('never sends what Discord refuses: ids over 100 characters, more than five rows', () => {
    const payload = toDiscord(
      reply({ buttons: [{ id: 'x'.repeat(101) }, ...Array.from({ length: 30 }, (_, i) => ({ id: `ok:${i}` }))] }),
    );
    const ids = payload.components!.flatMap((row) => row.components.map(customId));
    expect(ids).toHaveLength(25);
    expect(ids.every((id) => id !== undefined && id.length <= 100)).toBe(true);
    expect(payload.components).toHaveLength(5);
  });

  it('adds components and files only when the reply has them', () => {
    expect(toDiscord(reply())).not.toHaveProperty('components');
    expect(toDiscord(reply())).not.toHaveProperty('files');
    const file = { name: 'chart.png', data: Buffer.from([1, 2, 3]) };
    expect(toDiscord(reply({ files: [file] })).files).toEqual([file]);
  });

  it('names the attached files in text', () => {
    expect(
      toText(
        reply({
          files: [
            { name: 'a.png', data: Buffer.alloc(1) },
            { name: 'b.csv', data: Buffer.alloc(1) },
          ],
        }),
      ),
    ).toMatch(/Attached: a\.png, b\.csv$/);
  });
});
