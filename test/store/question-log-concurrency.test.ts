// Several writers of one database in one process: a burst gives a row per question, and connections writing in turns
// all land. Writers in processes of their own are in question-log-processes.test.ts.
import { describe, expect, it } from 'vitest';
import { ask, asked, countQuestions, testLog } from './factories.js';

describe('the question log shared by several writers', () => {
  it('a burst of 500 questions in one process gives 500 rows', () => {
    const { questions, dataDir } = testLog();
    for (let n = 0; n < 500; n++) questions.record(asked({ question: `burst ${n}` }));
    questions.flush();
    expect(countQuestions(dataDir)).toBe(500);
  });

  it('two connections in one process, writing in turns, both land', () => {
    const first = testLog();
    const second = testLog({ dataDir: first.dataDir });
    for (let n = 0; n < 50; n++) {
      ask(first.questions, asked({ question: `first ${n}` }));
      ask(second.questions, asked({ question: `second ${n}` }));
    }
    expect(countQuestions(first.dataDir)).toBe(100);
    expect(first.questions.stats(1)).toMatchObject({ ok: true, value: { questions: 100 } });
    expect(first.warnings()).toEqual([]);
    expect(second.warnings()).toEqual([]);
  });
});
