// What /stats and `npm run stats` read: counts per day, content gaps grouped by keywords, most-answered posts,
// feedback per post, and the rows of the CSV, over a period of UTC days ending today.
import { describe, expect, it } from 'vitest';
import { statsPeriod } from '../../src/store/stats.js';
import { ask, asked, DAY, NOON, testLog, unanswered } from './factories.js';

describe('question stats', () => {
  it('counts answered and unanswered questions per day, days without questions included', () => {
    const t = testLog();
    t.clock.now = NOON - 2 * DAY;
    ask(t.questions);
    ask(t.questions, unanswered('cake?', ['cake']));
    t.clock.now = NOON;
    ask(t.questions);
    ask(t.questions);
    const stats = t.questions.stats(4);
    expect(stats).toMatchObject({
      ok: true,
      value: {
        days: 4,
        from: '2025-03-07',
        to: '2025-03-10',
        questions: 4,
        answered: 3,
        unanswered: 1,
        perDay: [
          { day: '2025-03-07', answered: 0, unanswered: 0 },
          { day: '2025-03-08', answered: 1, unanswered: 1 },
          { day: '2025-03-09', answered: 0, unanswered: 0 },
          { day: '2025-03-10', answered: 2, unanswered: 0 },
        ],
      },
    });
  });

  it('leaves out what was asked before the period', () => {
    const t = testLog();
    t.clock.now = NOON - DAY;
    ask(t.questions);
    t.clock.now = NOON;
    ask(t.questions, unanswered('cake?', ['cake']));
    expect(t.questions.stats(1)).toMatchObject({ ok: true, value: { questions: 1, answered: 0, unanswered: 1 } });
    expect(t.questions.stats(2)).toMatchObject({ ok: true, value: { questions: 2 } });
  });

  it('groups unanswered questions by their keywords in any order, largest groups first, the newest as example', () => {
    const t = testLog();
    ask(t.questions, unanswered('best chocolate cake recipe', ['best', 'chocolate', 'cake', 'recipe']));
    t.clock.now += 1000;
    ask(t.questions, unanswered('recipe for the best chocolate cake?', ['recipe', 'best', 'chocolate', 'cake']));
    ask(t.questions, unanswered('how tall is the eiffel tower', ['tall', 'eiffel', 'tower']));
    ask(t.questions, unanswered('hello', []));
    ask(t.questions, asked({ question: 'compost', keywords: ['compost'] }));
    const stats = t.questions.stats(1);
    expect(stats.ok && stats.value.topUnanswered).toEqual([
      { keywords: ['recipe', 'best', 'chocolate', 'cake'], example: 'recipe for the best chocolate cake?', count: 2 },
      { keywords: ['tall', 'eiffel', 'tower'], example: 'how tall is the eiffel tower', count: 1 },
    ]);
    expect(stats.ok && stats.value.unanswered).toBe(4);
  });

  it('lists at most ten content gaps and ten posts', () => {
    const t = testLog();
    for (let n = 0; n < 15; n++) {
      ask(t.questions, unanswered(`gap ${n}`, [`gap${n}`]));
      ask(t.questions, asked({ topSlug: `post-${n}` }));
    }
    const stats = t.questions.stats(1);
    expect(stats.ok && stats.value.topUnanswered).toHaveLength(10);
    expect(stats.ok && stats.value.topPosts).toHaveLength(10);
  });

  it('ranks the posts by how often they were the best match, and counts 👍/👎 per post', () => {
    const t = testLog();
    const compost = [
      ask(t.questions, asked({ topSlug: 'compost' }))!,
      ask(t.questions, asked({ topSlug: 'compost' }))!,
    ];
    const soil = ask(t.questions, asked({ topSlug: 'soil' }))!;
    ask(t.questions, unanswered('cake', ['cake']));
    t.questions.vote(compost[0]!, '412345678901234561', 'up');
    t.questions.vote(compost[1]!, '412345678901234561', 'up');
    t.questions.vote(compost[1]!, '412345678901234562', 'down');
    t.questions.vote(soil, '412345678901234561', 'down');
    const stats = t.questions.stats(7);
    expect(stats.ok && stats.value.topPosts).toEqual([
      { slug: 'compost', count: 2 },
      { slug: 'soil', count: 1 },
    ]);
    expect(stats.ok && stats.value.feedback).toEqual([
      { slug: 'compost', up: 2, down: 1 },
      { slug: 'soil', up: 0, down: 1 },
    ]);
  });

  it('gives every question of the period with its votes, oldest first, for the CSV', () => {
    const t = testLog();
    const id = ask(t.questions, asked({ question: 'first', keywords: ['first'] }))!;
    t.clock.now += 60_000;
    ask(t.questions, unanswered('second', ['second'], { source: 'dm', guildId: null }));
    t.questions.vote(id, '412345678901234561', 'up');
    const rows = t.questions.rows(1);
    expect(rows).toEqual({
      ok: true,
      value: [
        {
          askedAt: '2025-03-10T12:00:00.000Z',
          source: 'slash',
          guildId: '100000000000000001',
          question: 'first',
          keywords: ['first'],
          topSlug: 'compost',
          confidence: 0.8,
          abstained: false,
          results: 2,
          tookMs: 1.5,
          up: 1,
          down: 0,
        },
        {
          askedAt: '2025-03-10T12:01:00.000Z',
          source: 'dm',
          guildId: null,
          question: 'second',
          keywords: ['second'],
          topSlug: null,
          confidence: null,
          abstained: true,
          results: 0,
          tookMs: 1.5,
          up: 0,
          down: 0,
        },
      ],
    });
  });
});

describe('statsPeriod', () => {
  it('ends with today (UTC) and starts days - 1 days before', () => {
    const period = statsPeriod(7, NOON);
    expect(new Date(period.from).toISOString()).toBe('2025-03-04T00:00:00.000Z');
    expect(new Date(period.to).toISOString()).toBe('2025-03-11T00:00:00.000Z');
    expect(statsPeriod(0, NOON).days).toBe(1);
  });
});
