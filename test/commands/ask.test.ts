import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../commands/ask.js';
import { Library } from '../../src/library.js';
import { toMarkdown } from '../../src/replies/markdown.js';
import { plainText, toDiscord, toText } from '../../src/replies/render.js';
import { expectWithinDiscordLimits } from '../replies/limits.js';
import type { Reply } from '../../src/replies/reply.js';
import { context, ESSAYS } from '../content/factories.js';

let library: Library;
beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
});

const run = async (options: Record<string, string | number | boolean | undefined>): Promise<Reply> =>
  ask.run(options, context(library));

describe('/ask', () => {
  it('answers with the best-matching post, its excerpt, date and link', async () => {
    const reply = await run({ question: 'What does the blog say about kubernetes security?' });
    expect(plainText(reply.text)).toBe('The best match in the blog:');
    expect(reply.cards[0]).toMatchObject({ title: 'Managed Kubernetes and security', date: '2018-06-22' });
    expect(reply.cards[0]!.url).toMatch(/^https:\/\/cloudinthealps\.mandin\.net\//);
    expect(toMarkdown(reply.cards[0]!.body)).toMatch(/\*\*Kubernetes\*\*/);
    expect(plainText(reply.footer!)).toBe('Searched for: kubernetes, security');
    expect(reply.private).toBe(false);
    // The answer itself rides along, for the CLI's JSON.
    expect(reply.source).toMatchObject({
      kind: 'answer',
      answer: { query: 'What does the blog say about kubernetes security?' },
    });
  });

  it('shows at most `results` posts, clamped to 1-5', async () => {
    const broad = 'cloud research project customers';
    expect((await run({ question: broad, results: 1 })).cards.length).toBeLessThanOrEqual(1);
    expect((await run({ question: broad, results: 99 })).cards.length).toBeLessThanOrEqual(5);
    expect((await run({ question: broad, results: 0 })).cards.length).toBeLessThanOrEqual(1);
    expect((await run({ question: broad, results: Number.NaN })).cards.length).toBeLessThanOrEqual(1);
  });

  it('private: true gives an ephemeral reply', async () => {
    const reply = await run({ question: 'hololens', private: true });
    expect(reply.private).toBe(true);
    expect(toDiscord(reply).flags).toBe(64);
  });

  it('not sure: says so and offers up to 3 posts that may help, as muted cards with a passage each', async () => {
    const reply = await run({ question: 'cooking pasta with research' });
    expect(plainText(reply.text)).toMatch(
      /^Not sure — no post clearly answers “cooking pasta with research”, but (this post|these posts) may help:$/,
    );
    expect(reply.cards.length).toBeGreaterThan(0);
    expect(reply.cards.length).toBeLessThanOrEqual(3);
    const { embeds } = toDiscord(reply);
    for (const embed of embeds)
      expect(embed.description).toMatch(/^\*\d{4}-\d{2}-\d{2} · not sure\*\n.*\*\*[Rr]esearch/s);
    // No more of them than the results asked for.
    expect((await run({ question: 'cooking pasta with research', results: 1 })).cards).toHaveLength(1);
  });

  it('no good match: says so, with no card, when nothing in the blog is relevant', async () => {
    const reply = await run({ question: 'bananas and mangoes' });
    expect(reply.cards).toEqual([]);
    expect(toDiscord(reply).content).toMatch(/^No good match in the blog for “bananas and mangoes”\.\nTry other words/);
  });

  it('a question of stop words only, or no question, gets a private hint', async () => {
    for (const question of ['', '   ', 'what is the', undefined]) {
      const reply = await run({ question });
      expect(plainText(reply.text)).toMatch(/^Your question has no words to search for/);
      expect(reply.private).toBe(true);
    }
  });
});

describe('/ask with bad input: a normal reply every time, never an exception, never a ping', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['only stop words', 'what is the of and to a'],
    ['6,000 characters', 'kubernetes '.repeat(546)],
    ['control characters', 'edge\u0000tpu\u0007\u001b[31m\r\n\t'],
    ['zero-width and RTL characters', '\u200bholo\u200dlens \u202eytiruces\u202c \u2066x\u2069 \u200f'],
    ['emoji', '🤖 kubernetes 👍🏽 security 👨‍👩‍👧'],
    ['other scripts', '中文 русский العربية'],
    ['Markdown', '**kubernetes** _security_ `code` ||spoiler|| > quote # heading [x](https://evil.example)'],
    [
      'mentions',
      '@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678> <#123456789012345678> ' +
        'bananas',
    ],
    ['regex and special characters', '.*+?^${}()|[]\\ "unclosed ~fuzzy^2 - kubernetes'],
    ['lone surrogates', '\uD800 kubernetes \uDC00 security \uDBFF'],
  ];

  it.each(cases)('%s', async (_name, question) => {
    for (const isPrivate of [false, true]) {
      const reply = await run({ question, private: isPrivate });
      expect(reply.isError).toBeUndefined();
      expect(plainText(reply.text)).toMatch(
        new RegExp(
          String.raw`^(The (\d+ )?best match|Not sure — no post clearly answers “|` +
            String.raw`No good match in the blog for “|Your question has no words)`,
        ),
      );
      const payload = toDiscord(reply);
      expectWithinDiscordLimits(payload);
      expect(payload.content).not.toMatch(/@(everyone|here)|<@[!&]?\d+>|<#\d+>/);
      expect(typeof toText(reply)).toBe('string');
    }
  });

  it('echoes a question with mentions and Markdown only escaped', async () => {
    const reply = await run({ question: '@everyone **bananas** <@&123456789012345678> [x](y)' });
    expect(toMarkdown(reply.text)).toBe(
      'No good match in the blog for “@\u200beveryone \\*\\*bananas\\*\\* <@&\u200b123456789012345678\\> ' +
        '\\[x\\]\\(y\\)”.\nTry other words, or see the newest posts with `/latest`.',
    );
    expect(plainText(reply.text)).toBe(
      'No good match in the blog for “@everyone **bananas** <@&123456789012345678> [x](y)”.\nTry other words, or ' +
        'see the newest posts with /latest.',
    );
  });
});

describe('/ask autocomplete', () => {
  it('keeps what the member typed first, then suggests matching post titles', () => {
    const choices = ask.autocomplete!('question', 'kuber', { library });
    expect(choices[0]).toEqual({ name: 'kuber', value: 'kuber' });
    expect(choices.map((choice) => choice.name)).toContain('Managed Kubernetes and security');
  });

  it('choosing a title answers the question typed from that post, quoting the question, not the title', async () => {
    const question = 'kubernetes secure';
    const picked = ask.autocomplete!('question', question, { library }).find(
      (c) => c.name === 'Managed Kubernetes and security',
    )!;
    expect(picked.value.length).toBeLessThanOrEqual(100);
    const reply = await ask.run({ question: picked.value }, context(library));
    expect(reply.cards).toHaveLength(1);
    expect(reply.cards[0]!.title).toBe('Managed Kubernetes and security');
    expect(reply.question).toEqual({ text: question });
  });

  it('a chosen title whose post does not match shows it under the question; a forgotten choice says so', async () => {
    const [newest] = ask.autocomplete!('question', '', { library });
    expect(newest!.name).toBe('The comeback of Research');
    // Nothing typed: the post's own card.
    const card = await ask.run({ question: newest!.value }, context(library));
    expect(card.cards[0]!.title).toBe('The comeback of Research');
    expect(await ask.run({ question: 'pick:~gone' }, context(library))).toMatchObject({
      private: true,
      isError: true,
      text: ['That suggestion is too old: type your question again.'],
    });
  });

  it("stays within Discord's limits: at most 25 choices of at most 100 characters", () => {
    const choices = ask.autocomplete!('question', `${'the cloud '.repeat(30)}edge`, { library });
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(choice.name.length).toBeGreaterThan(0);
    }
  });

  it('suggests the newest titles before anything is typed', () => {
    expect(ask.autocomplete!('question', '   ', { library }).map((choice) => choice.name)).toEqual(
      library.latest(10).map((post) => post.title),
    );
  });
});
