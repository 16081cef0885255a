import { describe, expect, it } from 'vitest';
import { questionsCsv } from '../../src/stats/csv.js';
import type { QuestionRow } from '../../src/store/asked.js';

const row = (overrides: Partial<QuestionRow> = {}): QuestionRow => ({
  askedAt: '2025-03-10T12:00:00.000Z',
  source: 'slash',
  guildId: '1',
  question: 'compost?',
  keywords: ['compost'],
  topSlug: 'compost',
  confidence: 0.81234,
  abstained: false,
  results: 2,
  tookMs: 1.23456,
  up: 1,
  down: 0,
  ...overrides,
});

describe('questionsCsv', () => {
  it('has a header and one line per question, numbers rounded', () => {
    const csv = questionsCsv([
      row(),
      row({ guildId: null, topSlug: null, confidence: null, abstained: true, results: 0 }),
    ]);
    expect(csv.rows).toBe(2);
    expect(csv.text.split('\r\n')).toEqual([
      'asked_at,source,guild_id,question,keywords,top_slug,confidence,abstained,results,took_ms,up,down',
      '2025-03-10T12:00:00.000Z,slash,1,compost?,compost,compost,0.812,0,2,1.235,1,0',
      '2025-03-10T12:00:00.000Z,slash,,compost?,compost,,,1,0,1.235,1,0',
      '',
    ]);
  });

  it('quotes commas, quotes and line breaks, and never lets a spreadsheet run a formula', () => {
    const csv = questionsCsv([
      row({ question: 'a, "b"\nc', keywords: ['a', 'b'] }),
      row({ question: '=HYPERLINK("x")' }),
      row({ question: '@SUM(A1)' }),
      row({ question: '-1+1' }),
    ]);
    const lines = csv.text.split('\r\n');
    expect(lines[1]).toContain(',"a, ""b""\nc",a b,');
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[3]).toContain(",'@SUM(A1),");
    expect(lines[4]).toContain(",'-1+1,");
  });

  it('keeps the newest questions that fit in maxBytes', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row({ question: `question ${i}` }));
    const csv = questionsCsv(rows, 400);
    expect(csv.rows).toBeGreaterThan(0);
    expect(csv.rows).toBeLessThan(10);
    expect(Buffer.byteLength(csv.text)).toBeLessThanOrEqual(400);
    expect(csv.text).toContain('question 9');
    expect(csv.text).not.toContain('question 0');
  });
});
