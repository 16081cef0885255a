// The bot's question log in a thread of its own: questions handed over are written there, votes and figures come
// back, the thread's one warning reaches the bot's log, and if the thread stops the log goes on in the main thread.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadedQuestionLog } from '../../src/store/log-thread.js';
import { DATABASE_FILE } from '../../src/store/open.js';
import { memoryLogger, tempDir } from '../content/factories.js';
import { asked, countQuestions, unanswered } from './factories.js';

const open: ThreadedQuestionLog[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((log) => log.close()));
});

function threaded(options: { enabled?: boolean; dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? path.join(tempDir('blogbot-thread-'), 'data');
  const { log, lines } = memoryLogger();
  const questions = new ThreadedQuestionLog({ dataDir, enabled: options.enabled ?? true, retentionDays: 90 }, log);
  open.push(questions);
  const warnings = () =>
    lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 40)
      .map((line) => line.msg);
  return { questions, dataDir, warnings };
}

describe('the question log in its own thread', () => {
  it('writes the questions handed over, takes votes and gives the figures', async () => {
    const { questions, dataDir } = threaded();
    const ids = [questions.record(asked()), questions.record(asked()), questions.record(unanswered('cake', ['cake']))];
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    await questions.written();
    expect(countQuestions(dataDir)).toBe(3);
    expect(await questions.vote(ids[0]!, '412345678901234567', 'up')).toBe(true);
    expect(await questions.stats(1)).toMatchObject({
      ok: true,
      value: { questions: 3, answered: 2, unanswered: 1, feedback: [{ slug: 'compost', up: 1, down: 0 }] },
    });
    expect(await questions.rows(1)).toMatchObject({ ok: true, value: [{}, {}, {}] });
  });

  it('writes what is still queued when it closes', async () => {
    const { questions, dataDir } = threaded();
    for (let n = 0; n < 25; n++) questions.record(asked({ question: `q${n}` }));
    await questions.close();
    expect(countQuestions(dataDir)).toBe(25);
  });

  it("passes its one warning to the bot's log, and every question still gets its id", async () => {
    const dataDir = path.join(tempDir('blogbot-thread-'), 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, DATABASE_FILE), Buffer.alloc(8192, 'garbage '));
    const { questions, warnings } = threaded({ dataDir });
    const ids = Array.from({ length: 20 }, () => questions.record(asked()));
    await questions.written();
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/damaged or is not a SQLite database/);
    expect(await questions.stats(7)).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged/) });
  });

  it('with LOG_QUESTIONS=false hands nothing over and creates nothing', async () => {
    const { questions, dataDir } = threaded({ enabled: false });
    expect(questions.record(asked())).toBeUndefined();
    expect(await questions.vote('x', '412345678901234567', 'up')).toBe(false);
    await questions.close();
    expect(existsSync(dataDir)).toBe(false);
  });

  it('goes on in the main thread, with one warning, when its thread stops', async () => {
    const { questions, dataDir, warnings } = threaded();
    questions.record(asked());
    await questions.written();
    await questions['worker']!.terminate();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings()).toEqual([expect.stringMatching(/its thread stopped; the log goes on in the main thread/)]);
    const id = questions.record(asked());
    await questions.written();
    expect(await questions.vote(id!, '412345678901234567', 'down')).toBe(true);
    expect(countQuestions(dataDir)).toBe(2);
    expect(warnings()).toHaveLength(1);
  });
});
