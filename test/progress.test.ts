// Progress lines: nothing for a quick load, then a line now and then, and always the last one; only on a terminal.
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../src/progress.js';

function reporter({ terminal = true } = {}) {
  const lines: string[] = [];
  let clock = 0;
  const report = progressReporter({ isTTY: terminal, write: (line) => lines.push(line) }, () => clock);
  return { lines, report, advance: (ms: number) => (clock += ms) };
}

describe('progressReporter', () => {
  it('stays silent when loading takes less than a second', () => {
    const { lines, report, advance } = reporter();
    for (let done = 1; done <= 10; done++) {
      advance(50);
      report('indexing', done, 10);
    }
    expect(lines).toEqual([]);
  });

  it('shows posts read and indexed once loading is slow, at most twice a second, and the final count', () => {
    const { lines, report, advance } = reporter();
    advance(1500);
    for (let done = 1; done <= 100; done++) {
      advance(10);
      report('indexing', done, 100);
    }
    expect(lines[0]).toBe('Reading and indexing posts: 1/100 posts\n');
    expect(lines.length).toBeLessThan(6);
    expect(lines.at(-1)).toBe('Reading and indexing posts: 100/100 posts\n');
  });

  it('says when it loads a saved index rather than reading the posts', () => {
    const { lines, report, advance } = reporter();
    advance(1500);
    report('loading', 5000, 10000);
    expect(lines).toEqual(['Loading the saved index: 5000/10000 posts\n']);
  });

  it('writes nothing when standard error is not a terminal (a file or a log collector reading JSON lines)', () => {
    const { lines, report, advance } = reporter({ terminal: false });
    advance(1500);
    for (let done = 1; done <= 100; done++) {
      advance(100);
      report('indexing', done, 100);
    }
    expect(lines).toEqual([]);
  });
});
