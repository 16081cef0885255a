import { describe, expect, it } from 'vitest';
import { questionsChart } from '../../src/stats/chart.js';

/** Width and height from a PNG's IHDR chunk. */
const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('questionsChart', () => {
  it('draws a PNG for a month of days, and for a period with no question', async () => {
    const perDay = Array.from({ length: 30 }, (_, i) => ({
      day: `2025-03-${String(i + 1).padStart(2, '0')}`,
      answered: i % 5,
      unanswered: i % 3,
    }));
    for (const days of [perDay, perDay.map((day) => ({ ...day, answered: 0, unanswered: 0 }))]) {
      const png = await questionsChart(days);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(size(png)).toEqual({ width: 1000, height: 450 });
    }
  });

  it('draws bars: a chart with questions differs from an empty one', async () => {
    const empty = await questionsChart([{ day: '2025-03-01', answered: 0, unanswered: 0 }]);
    const full = await questionsChart([{ day: '2025-03-01', answered: 5, unanswered: 3 }]);
    expect(full.equals(empty)).toBe(false);
  });
});
