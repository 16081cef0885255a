// Progress lines: nothing for a quick load, then a line now and then, and always the last one.
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../src/progress.js';

function reporter() {
  const lines: string[] = [];
  let clock = 0;
  const report = progressReporter((line) => lines.push(line), () => clock);
  return { lines, report, advance: (ms: number) => (clock += ms) };
}

describe('progressReporter', () => {
  it('stays silent when loading takes less than a second', () => {
    const { lines, report, advance } = reporter();
    for (let done = 1; done <= 10; done++) {
      advance(50);
      report('reading', done, 10);
    }
    expect(lines).toEqual([]);
  });

  it('shows posts read and indexed once loading is slow, at most twice a second, and the final count', () => {
    const { lines, report, advance } = reporter();
    advance(1500);
    for (let done = 1; done <= 100; done++) {
      advance(10);
      report('reading', done, 100);
    }
    report('indexing', 100, 100);
    expect(lines[0]).toBe('Reading posts: 1/100\n');
    expect(lines.length).toBeLessThan(6);
    expect(lines).toContain('Reading posts: 100/100\n');
    expect(lines.at(-1)).toBe('Indexing posts: 100/100\n');
  });
});
