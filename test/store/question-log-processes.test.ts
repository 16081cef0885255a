// The question log written by processes of their own, as the shards of a machine write it: two at once lose nothing,
// and one that may not write (a read-only database) warns once and still gives every question its id. An
// end-to-end file (vitest.config.ts): it starts processes.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/open.js';
import { ask, countQuestions, peek, testLog } from './factories.js';
import { runWriter, runWriters } from './writers.js';

const QUESTIONS = 20;

describe('the question log written by several processes', () => {
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

  it('read-only (chmod, and a process that is not root): one warning, every question still answered', async () => {
    const t = testLog();
    ask(t.questions);
    t.questions.close();
    chmodSync(path.join(t.dataDir, DATABASE_FILE), 0o444);
    chmodSync(t.dataDir, 0o555);
    chmodSync(path.dirname(t.dataDir), 0o755);
    // root ignores file modes: the writer runs as nobody then.
    const out = await runWriter(t.dataDir, QUESTIONS, process.getuid?.() === 0 ? 65534 : undefined);
    expect(out.ids).toHaveLength(QUESTIONS);
    expect(out.ids.every((id) => typeof id === 'string')).toBe(true);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/read-only/);
    chmodSync(t.dataDir, 0o755);
    expect(countQuestions(t.dataDir)).toBe(1);
  });
});
