// Shards on one machine share DATA_DIR: two processes writing at once lose nothing, and a burst gives a row per
// question.
import { describe, expect, it } from 'vitest';
import { ask, asked, countQuestions, peek, testLog } from './factories.js';
import { runWriters } from './writers.js';

describe('the question log shared by several writers', () => {
  it('two processes bursting 500 questions each at the same moment: 1,000 rows, no warning', async () => {
    const { dataDir } = testLog();
    const outputs = await runWriters(dataDir, 500, 2);
    for (const output of outputs) {
      // Joined, so that a failure shows the warning itself.
      expect(output.warnings.join('\n')).toBe('');
      expect(output.ids.filter((id) => typeof id === 'string')).toHaveLength(500);
    }
    expect(countQuestions(dataDir)).toBe(1000);
    const perWriter = peek<{ writer: string; n: number }>(
      dataDir,
      'SELECT substr(question, 1, 7) AS writer, count(*) AS n FROM questions GROUP BY writer ORDER BY writer',
    );
    expect(perWriter).toEqual([
      { writer: 'writer0', n: 500 },
      { writer: 'writer1', n: 500 },
    ]);
  });

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
