// QUESTION_RETENTION_DAYS: questions (and the votes on them) older than the retention are deleted at start and then
// daily, and their text does not linger in the files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ask, asked, DAY, peek, testLog } from './factories.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('retention', () => {
  it('deletes the questions older than the retention, with their votes, and keeps the rest', () => {
    const t = testLog({ retentionDays: 90 });
    const start = t.clock.now;
    t.clock.now = start - 91 * DAY;
    const old = ask(t.questions, asked({ question: 'an old question about compost' }))!;
    t.questions.vote(old, '412345678901234567', 'up');
    t.clock.now = start - 89 * DAY;
    const recent = ask(t.questions, asked({ question: 'a recent question' }))!;
    t.questions.vote(recent, '412345678901234567', 'down');
    t.clock.now = start;
    expect(t.questions.purge()).toBe(1);
    expect(peek(t.dataDir, 'SELECT question FROM questions')).toEqual([{ question: 'a recent question' }]);
    expect(peek(t.dataDir, 'SELECT vote FROM feedback')).toEqual([{ vote: -1 }]);
  });

  it('leaves no trace of a deleted question in DATA_DIR', () => {
    const t = testLog({ retentionDays: 30 });
    const start = t.clock.now;
    t.clock.now = start - 31 * DAY;
    ask(t.questions, asked({ question: 'zanzibar marmalade secret recipe' }));
    for (let n = 0; n < 20; n++) ask(t.questions, asked({ question: `filler ${n}` }));
    t.clock.now = start;
    expect(t.questions.purge()).toBe(21);
    ask(t.questions, asked({ question: 'kept' }));
    for (const file of readdirSync(t.dataDir))
      expect(readFileSync(path.join(t.dataDir, file)).includes('zanzibar marmalade')).toBe(false);
  });

  it('purges when it starts and again every day', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const t = testLog({ retentionDays: 1 });
    const start = t.clock.now;
    t.clock.now = start - 2 * DAY;
    ask(t.questions, asked({ question: 'two days ago' }));
    t.clock.now = start;
    ask(t.questions, asked({ question: 'today' }));
    t.questions.startRetention();
    expect(peek(t.dataDir, 'SELECT question FROM questions')).toEqual([{ question: 'today' }]);
    t.clock.now = start + 2 * DAY;
    vi.advanceTimersByTime(DAY);
    expect(peek(t.dataDir, 'SELECT question FROM questions')).toEqual([]);
    t.questions.close();
  });

  it('with LOG_QUESTIONS=false still purges what an earlier run logged, and creates nothing when nothing was', () => {
    const t = testLog({ retentionDays: 7 });
    const start = t.clock.now;
    t.clock.now = start - 8 * DAY;
    ask(t.questions, asked({ question: 'logged while the log was on' }));
    t.questions.close();
    const off = testLog({ dataDir: t.dataDir, enabled: false, retentionDays: 7 });
    expect(off.questions.purge()).toBe(1);
    const fresh = testLog({ enabled: false });
    expect(fresh.questions.purge()).toBeUndefined();
    expect(existsSync(fresh.dataDir)).toBe(false);
  });
});
