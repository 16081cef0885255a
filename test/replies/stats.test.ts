import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../src/replies/markdown.js';
import { plainText, toDiscord } from '../../src/replies/render.js';
import { statsReply } from '../../src/replies/stats.js';
import { emptyStats, statsPeriod, type QuestionStats } from '../../src/store/stats.js';
import { NOON } from '../store/factories.js';
import { expectWithinDiscordLimits } from './limits.js';

const figures = (overrides: Partial<QuestionStats> = {}): QuestionStats => ({
  ...emptyStats(statsPeriod(7, NOON)),
  ...overrides,
});

describe('statsReply', () => {
  it('says so when nothing was asked', () => {
    const reply = statsReply(figures());
    expect(toMarkdown(reply.text)).toBe(
      '**What readers asked, 2025-03-04 to 2025-03-10** (7 days, UTC): no question yet.',
    );
    expect(reply.cards.map((card) => plainText(card.body))).toEqual([
      'None: every question found a post.',
      'None yet.',
      'No feedback yet.',
    ]);
    expect(reply.private).toBe(true);
  });

  it("shows members' questions escaped: no Markdown, no pings", () => {
    const reply = statsReply(
      figures({
        questions: 1,
        unanswered: 1,
        topUnanswered: [{ keywords: ['everyone'], example: '@everyone **look** <@123456789012345678>', count: 1 }],
        topPosts: [{ slug: 'my_post', count: 2 }],
      }),
    );
    expect(toMarkdown(reply.cards[0]!.body)).toBe(
      '1\\. “@\u200beveryone \\*\\*look\\*\\* <@\u200b123456789012345678\\>” ×1 · everyone',
    );
    expect(toMarkdown(reply.cards[1]!.body)).toBe('1\\. my\\_post (2)');
  });

  it('names the files by their period, says what is attached, and why the chart is missing', () => {
    const stats = figures({ questions: 10, answered: 10 });
    const both = statsReply(stats, { chart: Buffer.from('png'), csv: { text: 'a\r\n', rows: 10 } });
    expect(both.files?.map((file) => file.name)).toEqual([
      'questions-per-day-2025-03-04-to-2025-03-10.png',
      'questions-2025-03-04-to-2025-03-10.csv',
    ]);
    expect(plainText(both.footer ?? [])).toBe('Attached: the questions-per-day chart and a CSV of every question.');
    const cut = statsReply(stats, { chartProblem: 'no canvas', csv: { text: 'a\r\n', rows: 4 } });
    expect(plainText(cut.footer ?? [])).toBe(
      'Attached: a CSV of the newest 4 questions (the file size limit). The chart could not be drawn: no canvas.',
    );
  });

  it("stays within Discord's limits with ten long content gaps and many posts", () => {
    const long = 'why '.repeat(300);
    const reply = statsReply(
      figures({
        questions: 999,
        unanswered: 999,
        topUnanswered: Array.from({ length: 10 }, (_, i) => ({
          keywords: Array.from({ length: 30 }, (_, k) => `word${k}`),
          example: `${i} ${long}`,
          count: 99,
        })),
        topPosts: Array.from({ length: 10 }, (_, i) => ({ slug: `${'s'.repeat(200)}${i}`, count: 9 })),
        feedback: Array.from({ length: 200 }, (_, i) => ({ slug: `post-${i}-${'x'.repeat(50)}`, up: 1, down: 2 })),
      }),
    );
    expectWithinDiscordLimits(toDiscord(reply));
  });
});
